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

import { defaultRubric } from './defaultRubric';
import { toRubricResponse } from './rubricResponse';
import { LEVEL_RULE } from '../engine/contract';

describe('toRubricResponse', () => {
  it('carries every level, check and climb row of the rubric', () => {
    const r = toRubricResponse(defaultRubric);
    expect(r.levelRule).toBe(LEVEL_RULE);
    expect(r.levels.map(l => l.name)).toEqual([
      'Manual',
      'Managed',
      'Automated',
      'Governed',
      'Optimized',
    ]);
    expect(r.checks.map(c => c.id)).toEqual(
      defaultRubric.checks.map(c => c.id),
    );
    expect(r.climb.map(c => `${c.from}→${c.to}`)).toEqual([
      '0→1',
      '1→2',
      '2→3',
      '3→4',
    ]);
    expect(r.climb[1]).toEqual({
      from: 1,
      to: 2,
      actions:
        'Build one CI/CD pipeline. Add quality gate. Schedule retraining.',
      effort: '1 month',
      tools: ['GitHub Actions', 'KServe', 'Kubeflow Pipelines'],
    });
    expect(r.annotations).toBe(defaultRubric.annotations);
  });
});
