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
  assessEntity,
  buildAssessmentContext,
  defaultRubric,
  isMlComponent,
  MaturityEntity,
  MaturityRubric,
  RubricValidationError,
  validateRubric,
} from '..';
import { NOW, group, user } from '../__testUtils__/fixtures';

const SOURCE = 'app-config.yaml mlopsMaturity.rubric';

/** An organisation's own rubric: three levels, its own prefix and checks. */
function orgRubric(): MaturityRubric {
  return {
    annotationPrefix: 'acme-ml/',
    mlTypes: ['model', 'scorer'],
    levels: [
      { level: 0, name: 'Ad hoc', description: 'Nothing is written down.' },
      {
        level: 1,
        name: 'Tracked',
        description: 'Models are versioned and owned by a team.',
        climb: {
          actions: 'Register the model. Give it to a team of three.',
          effort: '2 weeks',
          tools: ['MLflow'],
        },
      },
      {
        level: 2,
        name: 'Watched',
        description: 'Models are monitored and gated on accuracy.',
        climb: {
          actions: 'Monitor latency and drift. Gate on accuracy.',
          effort: '1 quarter',
          tools: ['Grafana', 'Evidently'],
        },
      },
    ],
    checks: [
      {
        id: 'versioned',
        level: 1,
        statement: 'Every model version is registered.',
        evidence: '`acme-ml/registry` present',
        conditions: [{ type: 'present', annotation: 'acme-ml/registry' }],
      },
      {
        id: 'team-owned',
        level: 1,
        statement: 'A team of three or more owns the model.',
        evidence: 'spec.owner is a Group of at least 3',
        conditions: [{ type: 'sharedOwnership', minGroupMembers: 3 }],
      },
      {
        id: 'monitored',
        level: 2,
        statement: 'Latency and drift are monitored.',
        evidence: '`acme-ml/metrics` lists latency and drift',
        conditions: [
          {
            type: 'includesAll',
            annotation: 'acme-ml/metrics',
            values: ['latency', 'drift'],
          },
        ],
      },
      {
        id: 'accuracy-gate',
        level: 2,
        statement: 'Accuracy stays above 90%.',
        evidence: '`acme-ml/accuracy` above 90',
        conditions: [
          { type: 'greaterThan', annotation: 'acme-ml/accuracy', value: 90 },
        ],
      },
    ],
    annotations: [
      {
        key: 'acme-ml/registry',
        kind: 'text',
        description: 'Where versions are registered.',
        example: 'https://registry.acme.example/<model-name>',
      },
      {
        key: 'acme-ml/metrics',
        kind: 'list',
        values: ['latency', 'drift', 'errors'],
        description: 'Monitored metrics.',
        example: 'latency, drift',
      },
      {
        key: 'acme-ml/accuracy',
        kind: 'percent',
        min: 0,
        max: 100,
        description: 'Accuracy on the holdout set.',
        example: '95',
      },
      {
        key: 'acme-ml/target-level',
        kind: 'level',
        description: 'Where the model should be.',
        example: '2',
      },
    ],
    targets: { default: 1, elevated: 2, ownerComponentThreshold: 3 },
  };
}

function orgEntity(annotations: Record<string, unknown>): MaturityEntity {
  return {
    kind: 'Component',
    metadata: { name: 'scorer', annotations },
    spec: { type: 'scorer', owner: 'group:default/risk' },
  };
}

describe('validateRubric', () => {
  it('accepts the default rubric', () => {
    expect(validateRubric(defaultRubric, SOURCE)).toEqual(defaultRubric);
  });

  it('accepts a rubric that went through JSON (as config does)', () => {
    const copy = JSON.parse(JSON.stringify(defaultRubric));
    expect(validateRubric(copy)).toEqual(defaultRubric);
  });

  it('accepts an organisation rubric with three levels and its own checks', () => {
    expect(validateRubric(orgRubric(), SOURCE)).toEqual(orgRubric());
  });

  describe('an organisation rubric assesses with its own checks', () => {
    const rubric = validateRubric(orgRubric(), SOURCE);
    const team = (n: number) =>
      buildAssessmentContext([
        group('risk'),
        ...Array.from({ length: n }, (_, i) => user(`u${i}`, ['risk'])),
      ]);
    const assess = (annotations: Record<string, unknown>, members = 3) =>
      assessEntity(orgEntity(annotations), {
        rubric,
        context: team(members),
        now: NOW,
      });

    it('uses its checks, levels and names', () => {
      const none = assess({});
      expect(none.checks.map(c => [c.id, c.level])).toEqual([
        ['versioned', 1],
        ['team-owned', 1],
        ['monitored', 2],
        ['accuracy-gate', 2],
      ]);
      expect(none.level).toBe(0);
      expect(none.levelName).toBe('Ad hoc');
      expect(none.targetLevel).toBe(1);

      const one = assess({ 'acme-ml/registry': 'mlflow' });
      expect(one.level).toBe(1);
      expect(one.levelName).toBe('Tracked');

      const two = assess({
        'acme-ml/registry': 'mlflow',
        'acme-ml/metrics': 'Latency, DRIFT',
        'acme-ml/accuracy': '93.5%',
      });
      expect(two.level).toBe(2);
      expect(two.levelName).toBe('Watched');
      expect(two.problems).toEqual([]);
      expect(two.recommendations).toEqual([]);
    });

    it('applies its own thresholds', () => {
      const full = {
        'acme-ml/registry': 'mlflow',
        'acme-ml/metrics': 'latency, drift',
        'acme-ml/accuracy': '90',
      };
      expect(assess(full).level).toBe(1);
      expect(assess({ ...full, 'acme-ml/accuracy': '91' }).level).toBe(2);
      // A group of two is not enough for this organisation.
      expect(assess({ ...full, 'acme-ml/accuracy': '91' }, 2).level).toBe(0);
    });

    it('reads only its own prefix, and knows its own vocabulary', () => {
      const a = assess({
        'mlops/model-registry': 'mlflow',
        'acme-ml/registy': 'mlflow',
        'acme-ml/metrics': 'latency, cpu',
        'acme-ml/target-level': '3',
        'acme-ml/waiver.accuracy-gate': 'new model; until 2026-12-31',
      });
      expect(a.level).toBe(0);
      expect(check(a, 'accuracy-gate').waived).toBe(true);
      const byKey = Object.fromEntries(a.problems.map(p => [p.annotation, p]));
      expect(Object.keys(byKey).sort()).toEqual(
        ['acme-ml/metrics', 'acme-ml/registy', 'acme-ml/target-level'].sort(),
      );
      expect(byKey['acme-ml/registy'].severity).toBe('warning');
      expect(byKey['acme-ml/registy'].message).toContain('acme-ml/registry');
      expect(byKey['acme-ml/metrics'].message).toContain('cpu');
      // Level 3 does not exist in this rubric.
      expect(byKey['acme-ml/target-level'].severity).toBe('error');
      expect(a.targetLevel).toBe(1);
    });

    it('recommends its own climb, never above its top level', () => {
      const a = assess({ 'acme-ml/target-level': '2' });
      expect(a.targetLevel).toBe(2);
      expect(a.recommendations.map(r => [r.level, r.effort])).toEqual([
        [1, '2 weeks'],
        [2, '1 quarter'],
      ]);
      expect(a.recommendations[1].tools).toEqual(['Grafana', 'Evidently']);
      const top = assess({
        'acme-ml/registry': 'mlflow',
        'acme-ml/metrics': 'latency, drift',
        'acme-ml/accuracy': '99',
      });
      expect(top.level).toBe(2);
      expect(top.recommendations).toEqual([]);
    });

    it('decides ML components by its own types and prefix', () => {
      expect(isMlComponent(orgEntity({}), rubric)).toBe(true);
      const service: MaturityEntity = {
        kind: 'Component',
        metadata: { name: 's', annotations: { 'mlops/model-registry': 'x' } },
        spec: { type: 'ml-model' },
      };
      expect(isMlComponent(service, rubric)).toBe(false);
      expect(isMlComponent(service)).toBe(true);
      expect(
        isMlComponent(
          {
            ...service,
            metadata: { name: 's', annotations: { 'acme-ml/registry': 'x' } },
          },
          rubric,
        ),
      ).toBe(true);
    });
  });
});

function check(a: ReturnType<typeof assessEntity>, id: string) {
  const found = a.checks.find(c => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

type Mutation = (r: any) => void;

/** The error a function throws, or `undefined` when it throws none. */
function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('validateRubric rejects a malformed rubric', () => {
  const CASES: Array<[string, Mutation, string]> = [
    [
      'a level without a name',
      r => {
        delete r.levels[2].name;
      },
      'levels[2].name',
    ],
    [
      'a blank level name',
      r => {
        r.levels[1].name = '  ';
      },
      'levels[1].name',
    ],
    [
      'a gap in the level numbers',
      r => {
        r.levels.splice(2, 1);
      },
      'levels[2].level',
    ],
    [
      'levels out of order',
      r => {
        r.levels[3].level = 4;
        r.levels[4].level = 3;
      },
      'levels[3].level',
    ],
    [
      'a duplicate check id',
      r => {
        r.checks[1].id = r.checks[0].id;
      },
      'checks[1].id',
    ],
    [
      'a check id that is not lower-case words',
      r => {
        r.checks[4].id = 'Shared Ownership';
      },
      'checks[4].id',
    ],
    [
      'a check on a level that does not exist',
      r => {
        r.checks[3].level = 7;
      },
      'checks[3].level',
    ],
    [
      'a check on level 0',
      r => {
        r.checks[2].level = 0;
      },
      'checks[2].level',
    ],
    [
      'a condition naming an undeclared annotation',
      r => {
        r.checks[0].conditions[0].annotation = 'mlops/model-registy';
      },
      'checks[0].conditions[0].annotation',
    ],
    [
      'greaterThan on a text annotation',
      r => {
        r.checks[0].conditions[0] = {
          type: 'greaterThan',
          annotation: 'mlops/model-registry',
          value: 1,
        };
      },
      'checks[0].conditions[0].annotation',
    ],
    [
      'includesAll on a text annotation',
      r => {
        r.checks[8].conditions[1] = {
          type: 'includesAll',
          annotation: 'mlops/test-set',
          values: ['a'],
        };
      },
      'checks[8].conditions[1].annotation',
    ],
    [
      'an unknown condition type',
      r => {
        r.checks[5].conditions[0].type = 'matches';
      },
      'checks[5].conditions[0].type',
    ],
    [
      'a default target above the top level',
      r => {
        r.targets.default = 5;
      },
      'targets.default',
    ],
    [
      'an elevated target above the top level',
      r => {
        r.targets.elevated = 9;
      },
      'targets.elevated',
    ],
    [
      'a level with no checks',
      r => {
        r.checks = r.checks.filter((c: { level: number }) => c.level !== 3);
      },
      'levels[3]',
    ],
    [
      'an annotation outside the prefix',
      r => {
        r.annotations[0].key = 'ml/model-registry';
      },
      'annotations[0].key',
    ],
    [
      'an enum annotation without values',
      r => {
        delete r.annotations[5].values;
      },
      'annotations[5].values',
    ],
    [
      'an unknown field',
      r => {
        r.levels[0].colour = 'red';
      },
      'levels[0]',
    ],
  ];

  it.each(CASES)('with %s', (_what, mutate, path) => {
    const bad = structuredClone(defaultRubric);
    mutate(bad);
    const error = errorOf(() => validateRubric(bad, SOURCE));
    expect(error).toBeInstanceOf(RubricValidationError);
    const e = error as RubricValidationError;
    expect(e.name).toBe('RubricValidationError');
    expect(e.message).toContain(SOURCE);
    expect(e.message).toContain(path);
    expect(e.issues.some(i => i.includes(path))).toBe(true);
  });

  it('names the source even when the rubric is not an object', () => {
    for (const value of [null, 'default', 42, []]) {
      expect(() => validateRubric(value, 'mlopsMaturity.rubric')).toThrow(
        RubricValidationError,
      );
      expect(() => validateRubric(value, 'mlopsMaturity.rubric')).toThrow(
        /mlopsMaturity\.rubric/,
      );
    }
  });

  it('lists every problem, not only the first', () => {
    const bad = structuredClone(defaultRubric) as any;
    bad.checks[1].id = bad.checks[0].id;
    bad.checks[3].level = 7;
    bad.targets.elevated = 5;
    const error = errorOf(() => validateRubric(bad, SOURCE));
    expect(error).toBeInstanceOf(RubricValidationError);
    const { issues } = error as RubricValidationError;
    expect(issues.length).toBeGreaterThanOrEqual(3);
    for (const path of [
      'checks[1].id',
      'checks[3].level',
      'targets.elevated',
    ]) {
      expect(issues.some(i => i.includes(path))).toBe(true);
    }
  });

  it('does not change the rubric it is given', () => {
    const copy = structuredClone(defaultRubric);
    validateRubric(copy);
    expect(copy).toEqual(defaultRubric);
  });
});
