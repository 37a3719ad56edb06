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

import { MaturityRubric } from '../types';
import { defaultRubric } from './defaultRubric';
import { validateRubric } from './validateRubric';

/**
 * The part of Backstage's `Config` that {@link rubricFromConfig} reads; a
 * `Config` from `@backstage/config` is one.
 *
 * @public
 */
export interface RubricConfigSource {
  getOptional(key: string): unknown;
  getOptionalStringArray(key: string): string[] | undefined;
}

/**
 * The rubric an app config puts in force: `mlopsMaturity.rubric` (validated;
 * the default rubric when absent), with `mlopsMaturity.mlTypes` replacing its
 * ML types. The backend, the catalog module and the command line all read it
 * here, so that the levels they give for one config agree.
 *
 * @throws RubricValidationError naming every offending key of a malformed rubric
 * @public
 */
export function rubricFromConfig(config: RubricConfigSource): MaturityRubric {
  const value = config.getOptional('mlopsMaturity.rubric');
  const rubric =
    value === undefined
      ? defaultRubric
      : validateRubric(value, 'mlopsMaturity.rubric');
  const mlTypes = config.getOptionalStringArray('mlopsMaturity.mlTypes');
  return mlTypes ? { ...rubric, mlTypes } : rubric;
}
