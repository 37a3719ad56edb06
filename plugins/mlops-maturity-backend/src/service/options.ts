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
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader, JsonObject } from '@backstage/config';
import {
  MaturityRubric,
  rubricFromConfig,
} from '@mlops-maturity/plugin-mlops-maturity-common';

/**
 * The schedule of the assessment of the whole catalog when
 * `mlopsMaturity.schedule` does not say otherwise; keys given there replace
 * these one by one.
 *
 * @public
 */
export const DEFAULT_REFRESH_SCHEDULE = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
} as const;

/**
 * The plugin's settings, read once from `mlopsMaturity` at start-up.
 *
 * @public
 */
export interface MaturityOptions {
  /** The rubric in force: the organisation's own, or the default one. */
  rubric: MaturityRubric;
  /** When the scheduled assessment of the whole catalog runs. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Whether badges are served without credentials. */
  badgesPublic: boolean;
  /** Whether the owners of a component are notified when its level drops. */
  notifyLevelDrops: boolean;
  /** Config keys in use that are deprecated, with what to use instead. */
  deprecations: string[];
}

function positiveMinutes(config: Config, key: string): number | undefined {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Invalid config at mlopsMaturity.${key}: expected a number of minutes greater than 0, got ${value}`,
    );
  }
  return value;
}

/**
 * `mlopsMaturity.schedule` (Backstage's standard task schedule config) over
 * the defaults; the deprecated `mlopsMaturity.refresh.frequency` and
 * `.timeout` (minutes) are still read when `schedule` is absent.
 */
function readSchedule(
  config: Config | undefined,
  deprecations: string[],
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config?.getOptionalConfig('schedule');
  const legacy = config?.getOptionalConfig('refresh');
  if (schedule && legacy) {
    throw new Error(
      'Invalid config: mlopsMaturity.refresh is replaced by mlopsMaturity.schedule; remove mlopsMaturity.refresh',
    );
  }
  let raw: JsonObject = { ...DEFAULT_REFRESH_SCHEDULE };
  if (schedule) {
    raw = { ...raw, ...(schedule.get() as JsonObject) };
  } else if (legacy) {
    const frequency = positiveMinutes(config!, 'refresh.frequency');
    const timeout = positiveMinutes(config!, 'refresh.timeout');
    if (frequency !== undefined) raw.frequency = { minutes: frequency };
    if (timeout !== undefined) raw.timeout = { minutes: timeout };
    deprecations.push(
      'mlopsMaturity.refresh is deprecated: use mlopsMaturity.schedule (frequency, timeout, initialDelay) instead',
    );
  }
  return readSchedulerServiceTaskScheduleDefinitionFromConfig(
    new ConfigReader(raw, 'mlopsMaturity.schedule'),
  );
}

/**
 * Reads `mlopsMaturity` from the app config. A malformed rubric throws the
 * engine's `RubricValidationError`, naming every offending key: the backend
 * does not start with a rubric it cannot trust.
 *
 * @public
 */
export function readMaturityOptions(rootConfig: Config): MaturityOptions {
  const config = rootConfig.getOptionalConfig('mlopsMaturity');
  const rubric = rubricFromConfig(rootConfig);
  const deprecations: string[] = [];
  return {
    rubric,
    schedule: readSchedule(config, deprecations),
    badgesPublic: config?.getOptionalBoolean('badges.public') ?? false,
    notifyLevelDrops:
      config?.getOptionalBoolean('notifications.levelDrops') ?? false,
    deprecations,
  };
}
