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

import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the MLOps Maturity backend plugin. */
  mlopsMaturity?: {
    /**
     * When the assessment of the whole catalog runs, in Backstage's standard
     * task schedule format. Keys given here replace the defaults one by one;
     * the defaults are `frequency: { minutes: 30 }`,
     * `timeout: { minutes: 10 }` and `initialDelay: { seconds: 15 }`.
     * Durations may be objects (`{ minutes: 30 }`), ISO 8601 strings
     * (`PT30M`) or human strings (`30m`); `frequency` may also be
     * `{ cron: '0 * * * *' }`.
     */
    schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
    /**
     * @deprecated Use `schedule` instead. Still read when `schedule` is
     * absent; a start-up warning says so. Giving both is an error.
     */
    refresh?: {
      /**
       * Minutes between two assessments of the whole catalog.
       * @deprecated Use `schedule.frequency`.
       */
      frequency?: number;
      /**
       * Minutes after which a running assessment of the catalog is abandoned.
       * @deprecated Use `schedule.timeout`.
       */
      timeout?: number;
    };
    /**
     * `spec.type` values that make an entity an ML component; replaces the
     * rubric's list (default `ml-model`, `ml-service`, `ml-pipeline`).
     */
    mlTypes?: string[];
    /**
     * An organisation's complete rubric, replacing the default one. It is
     * validated at start-up: a malformed rubric stops the backend.
     */
    rubric?: { [key: string]: unknown };
    badges?: {
      /**
       * When true, level badges can be fetched without credentials (for
       * READMEs outside Backstage). Default false.
       */
      public?: boolean;
    };
    notifications?: {
      /**
       * When true, the owners of an ML component get a Backstage
       * notification when a refresh finds its level lower than before (needs
       * the notifications backend plugin). Default false.
       */
      levelDrops?: boolean;
    };
  };
}
