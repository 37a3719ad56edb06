/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import { RubricResponse } from '../../api/types';
import { toRubricResponse } from './rubric';

/**
 * The rubric in force. The default rubric stands in while it loads and when
 * the backend cannot be asked, so the level texts are always there.
 */
export function useRubric(): { rubric: RubricResponse; fromBackend: boolean } {
  const api = useApi(mlopsMaturityApiRef);
  const { value } = useAsync(() => api.getRubric(), [api]);
  return value
    ? { rubric: value, fromBackend: true }
    : { rubric: toRubricResponse(), fromBackend: false };
}
