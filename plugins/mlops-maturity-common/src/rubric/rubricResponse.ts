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

import { LEVEL_RULE } from '../engine/contract';
import { MaturityRubric, RubricAnnotation, RubricTargets } from '../types';

/**
 * The rubric as the backend's `GET /rubric` serves it and the frontend shows
 * it: levels, checks, the climb table and the annotation vocabulary.
 *
 * @public
 */
export interface RubricResponse {
  /** The rule sentence that defines an entity's level. */
  levelRule: string;
  annotationPrefix: string;
  mlTypes: string[];
  levels: Array<{ level: number; name: string; description: string }>;
  checks: Array<{
    id: string;
    level: number;
    statement: string;
    evidence: string;
  }>;
  climb: Array<{
    from: number;
    to: number;
    actions: string;
    effort: string;
    tools: string[];
  }>;
  annotations: RubricAnnotation[];
  targets: RubricTargets;
}

/**
 * Projects a rubric onto {@link RubricResponse}. The backend answers with it,
 * and the frontend uses it on the default rubric when the backend cannot be
 * asked, so both always show the same shape.
 *
 * @public
 */
export function toRubricResponse(rubric: MaturityRubric): RubricResponse {
  return {
    levelRule: LEVEL_RULE,
    annotationPrefix: rubric.annotationPrefix,
    mlTypes: rubric.mlTypes,
    levels: rubric.levels.map(l => ({
      level: l.level,
      name: l.name,
      description: l.description,
    })),
    checks: rubric.checks.map(c => ({
      id: c.id,
      level: c.level,
      statement: c.statement,
      evidence: c.evidence,
    })),
    climb: rubric.levels.flatMap(l =>
      l.climb
        ? [
            {
              from: l.level - 1,
              to: l.level,
              actions: l.climb.actions,
              effort: l.climb.effort,
              tools: l.climb.tools,
            },
          ]
        : [],
    ),
    annotations: rubric.annotations,
    targets: rubric.targets,
  };
}
