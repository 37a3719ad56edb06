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
  CheckWaiver,
  LevelRecommendation,
  MaturityAssessment,
  MaturityProblem,
} from '../types';

/**
 * The level rule in one sentence, for level cards, docs and the CLI.
 *
 * @public
 */
export const LEVEL_RULE =
  'The level is the highest one where every check of that level and of every level below it passes.';

/**
 * An assessment in the public JSON form of the product contract (the CLI's
 * `--format json`), with the contract's fields in the contract's order.
 *
 * @public
 */
export interface ContractAssessment {
  entityRef: string;
  level: number;
  levelName: string;
  targetLevel: number;
  claimedLevel: number | null;
  checks: Array<{
    id: string;
    level: number;
    passed: boolean;
    message: string;
    waived?: true;
    waiver?: CheckWaiver;
  }>;
  problems: MaturityProblem[];
  recommendations: LevelRecommendation[];
}

/**
 * Projects an assessment onto the contract's JSON: internal fields are left
 * out, and `waived`/`waiver` appear only on waived checks, as the contract
 * shows them.
 *
 * @public
 */
export function toContractJson(a: MaturityAssessment): ContractAssessment {
  return {
    entityRef: a.entityRef,
    level: a.level,
    levelName: a.levelName,
    targetLevel: a.targetLevel,
    claimedLevel: a.claimedLevel,
    checks: a.checks.map(ch =>
      ch.waived
        ? {
            id: ch.id,
            level: ch.level,
            passed: ch.passed,
            message: ch.message,
            waived: true as const,
            waiver: ch.waiver,
          }
        : {
            id: ch.id,
            level: ch.level,
            passed: ch.passed,
            message: ch.message,
          },
    ),
    problems: a.problems.map(p => ({
      severity: p.severity,
      annotation: p.annotation,
      message: p.message,
    })),
    recommendations: a.recommendations,
  };
}
