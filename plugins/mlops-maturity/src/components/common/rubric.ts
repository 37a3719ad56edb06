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

import {
  MaturityRubric,
  defaultRubric,
  toRubricResponse as toCommonRubricResponse,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { RubricResponse } from '../../api/types';

/**
 * The rubric in the shape of `GET /rubric`, built from a rubric object;
 * the UI falls back to the default rubric when the backend cannot be asked.
 */
export function toRubricResponse(
  rubric: MaturityRubric = defaultRubric,
): RubricResponse {
  return toCommonRubricResponse(rubric);
}

/** The name of a level, or its number when the rubric does not know it. */
export function levelName(rubric: RubricResponse, level: number): string {
  return rubric.levels.find(l => l.level === level)?.name ?? `Level ${level}`;
}

/** "Level 2 · Automated". */
export function levelLabel(rubric: RubricResponse, level: number): string {
  const name = rubric.levels.find(l => l.level === level)?.name;
  return name ? `Level ${level} · ${name}` : `Level ${level}`;
}
