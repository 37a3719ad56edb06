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

import { assessEntity, compileRubric } from './assess';
import { buildAssessmentContext } from './context';
import { defaultRubric } from '../rubric/defaultRubric';
import {
  ALL,
  LEVEL1,
  LEVEL2,
  NOW,
  group,
  mlEntity,
  user,
} from '../__testUtils__/fixtures';

// The engine remembers per compiled check, condition and proposal what it
// saw last. Fields added on first use, in whatever order entities bring them,
// would give these objects different hidden classes, and the assessment's
// hot loop would read them through megamorphic lookups (5-12% of its rate in
// the benchmark). Same own keys in the same order is what JavaScript can see
// of one hidden class.
describe('compiled rubric objects keep one shape', () => {
  it('after entities that set the remembered fields in different orders', () => {
    const entities = [
      mlEntity({}),
      mlEntity({ ...LEVEL1 }, { name: 'a' }),
      mlEntity({ ...LEVEL1 }, { name: 'b' }),
      mlEntity({ ...LEVEL1, ...LEVEL2 }, { name: 'c' }),
      mlEntity(
        { ...LEVEL1, 'mlops/retraining-trigger': 'manual' },
        { name: 'd', owner: 'user:default/alice' },
      ),
      mlEntity(
        {
          ...ALL,
          'mlops/rbac': 'n/a',
          'mlops/waiver.ab-testing': 'no traffic to split; until 2099-01-01',
        },
        { name: 'e' },
      ),
      mlEntity({ 'mlops/deploy-decision': 'robots' }, { name: 'f' }),
      mlEntity({ 'mlops/health-metrics': 'uptime' }, { name: 'g' }),
      mlEntity({ 'mlops/health-metrics': 'uptime' }, { name: 'h' }),
    ];
    const context = buildAssessmentContext([
      ...entities,
      group('ml-team'),
      user('u1', ['ml-team']),
    ]);
    for (const entity of [...entities, ...[...entities].reverse()]) {
      assessEntity(entity, { context, now: NOW });
    }

    const c = compileRubric(defaultRubric);
    const keysOf = (o: object) => Object.keys(o).join(',');
    const checkShapes = new Set(c.compiledChecks.map(keysOf));
    const conditions = c.compiledChecks.flatMap(cc => cc.conds);
    const conditionShapes = new Set(conditions.map(keysOf));
    const proposals = conditions.flatMap(cc =>
      cc.proposal ? [cc.proposal] : [],
    );
    const proposalShapes = new Set(proposals.map(keysOf));

    // The entities above did exercise the remembered fields.
    expect(c.compiledChecks.some(cc => cc.lastResult)).toBe(true);
    expect(proposals.length).toBeGreaterThan(5);
    expect(proposals.some(p => p.lastSource !== undefined)).toBe(true);
    expect([...checkShapes]).toHaveLength(1);
    expect([...conditionShapes]).toHaveLength(1);
    expect([...proposalShapes]).toHaveLength(1);
  });
});
