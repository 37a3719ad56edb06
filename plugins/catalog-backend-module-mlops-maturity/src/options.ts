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

import { Config } from '@backstage/config';
import {
  MaturityRubric,
  rubricFromConfig,
} from '@mlops-maturity/plugin-mlops-maturity-common';

/** What the module reads from the configuration. */
export interface ModuleOptions {
  rubric: MaturityRubric;
  contextRefreshMinutes: number;
}

/**
 * Reads the rubric exactly as the MLOps Maturity backend plugin does
 * (`mlopsMaturity.rubric`, then `mlopsMaturity.mlTypes`), so the labels the
 * catalog stamps agree with the levels the plugin serves.
 */
export function readModuleOptions(config: Config): ModuleOptions {
  const rubric = rubricFromConfig(config);
  const key = 'mlopsMaturity.catalogModule.contextRefresh.frequency';
  const minutes = config.getOptionalNumber(key) ?? 10;
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new Error(
      `Invalid config at ${key}: expected a number of minutes greater than 0, got ${minutes}`,
    );
  }
  return { rubric, contextRefreshMinutes: minutes };
}
