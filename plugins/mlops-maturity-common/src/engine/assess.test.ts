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

// The assessment engine against the product contract
// (/work/shared/spec/maturity-model.md, "the spec" below).

// `yaml` is installed at the repository root; this test only parses the
// recommendations' snippets with it, as a user's tooling would.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { parse as parseYaml } from 'yaml';
import {
  assessEntity,
  buildAssessmentContext,
  defaultRubric,
  isMlComponent,
  MaturityAssessment,
  MaturityEntity,
  toContractJson,
} from '..';
import {
  ALL,
  LEVEL1,
  LEVEL2,
  LEVEL3,
  LEVEL4,
  NOW,
  expectWellFormedProblems,
  group,
  mlEntity,
  user,
} from '../__testUtils__/fixtures';

function assess(
  annotations: Record<string, unknown>,
  options: Parameters<typeof mlEntity>[1] = {},
  assessOptions: Parameters<typeof assessEntity>[1] = {},
): MaturityAssessment {
  const result = assessEntity(mlEntity(annotations, options), {
    now: NOW,
    ...assessOptions,
  });
  expectWellFormedProblems(result.problems);
  return result;
}

function check(a: MaturityAssessment, id: string) {
  const found = a.checks.find(c => c.id === id);
  if (!found) throw new Error(`no check ${id} in the assessment`);
  return found;
}

function problemsFor(a: MaturityAssessment, key: string) {
  return a.problems.filter(p => p.annotation === key);
}

/** `ALL` with some keys replaced (a string) or removed (`undefined`). */
function allExcept(changes: Record<string, string | undefined>) {
  const out: Record<string, string> = { ...ALL };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** Merges a recommendation's YAML into an entity, as a user would. */
function mergeYaml(entity: MaturityEntity, yaml: string): MaturityEntity {
  const doc = (parseYaml(yaml) ?? {}) as {
    metadata?: { annotations?: Record<string, unknown> };
    spec?: Record<string, unknown>;
  };
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        ...doc.metadata?.annotations,
      },
    },
    spec: { ...entity.spec, ...doc.spec },
  };
}

// The spec's check table: id, level, statement.
const SPEC_CHECKS: Array<[string, number, string]> = [
  ['model-registry', 1, 'Model registry stores trained models with versions.'],
  [
    'experiment-tracking',
    1,
    'Experiments are tracked (Level 0: "No experiment tracking").',
  ],
  [
    'health-monitoring',
    1,
    'Basic health monitoring (uptime, latency, errors).',
  ],
  ['retraining-process', 1, 'Retraining follows a documented process.'],
  [
    'shared-ownership',
    1,
    'Someone other than the original author can retrain and deploy this model.',
  ],
  [
    'ci-cd-pipeline',
    2,
    'CI/CD pipeline for ML: train, evaluate, compare, deploy.',
  ],
  ['pipeline-decides', 2, 'A pipeline decides deployment; humans approve.'],
  [
    'automated-retraining',
    2,
    'Automated retraining triggers: schedule-based, drift-based, or performance-based.',
  ],
  [
    'quality-gate',
    2,
    'Candidate must strictly beat champion on a fixed test set.',
  ],
  [
    'feature-store',
    3,
    'Training and serving use the same feature definitions.',
  ],
  [
    'ab-testing',
    3,
    'Real traffic measures real business outcomes, not just test-set metrics.',
  ],
  [
    'drift-response',
    3,
    'Drift detection triggers retraining pipelines without humans in the loop.',
  ],
  ['rbac', 3, 'Role-based access control on who may promote models.'],
  [
    'audit-trail',
    3,
    'Who promoted what, when, with what data, with what comparison result.',
  ],
  ['multi-model-platform', 4, 'Dozens of models on shared infrastructure.'],
  ['gpu-scheduling', 4, 'GPU scheduling across training and inference.'],
  [
    'gpu-utilization',
    4,
    'GPU utilization averages above 60% across the platform.',
  ],
  [
    'cost-optimization',
    4,
    'Spot for training, reserved for inference, automated right-sizing.',
  ],
  ['self-healing', 4, 'Failed health checks trigger rollback.'],
];

// The spec's level table: n, name, one line.
const SPEC_LEVELS: Array<[number, string, string]> = [
  [
    0,
    'Manual',
    'Notebooks copied to prod. No versioning. Single person dependency.',
  ],
  [
    1,
    'Managed',
    'Model registry, basic monitoring, manual retraining with a process.',
  ],
  [
    2,
    'Automated',
    'CI/CD pipelines, automated retraining triggers, quality gates.',
  ],
  [
    3,
    'Governed',
    'Feature stores, A/B testing, drift-triggered retraining, RBAC, audit trails.',
  ],
  [
    4,
    'Optimized',
    'Multi-model platform, GPU scheduling, cost optimization, self-healing.',
  ],
];

// The spec's climb table: to-level, what to do, effort, tools.
const SPEC_CLIMB: Array<[number, string, string, string[]]> = [
  [
    1,
    'Install MLflow. Register one model. Add 3 monitoring metrics.',
    '1 week',
    ['MLflow', 'DVC', 'Prometheus'],
  ],
  [
    2,
    'Build one CI/CD pipeline. Add quality gate. Schedule retraining.',
    '1 month',
    ['GitHub Actions', 'KServe', 'Kubeflow Pipelines'],
  ],
  [
    3,
    'Adopt a feature store. Wire A/B testing. Add RBAC + audit.',
    '3–6 months',
    ['Feast', 'Evidently', 'Istio'],
  ],
  [
    4,
    'Multi-tenancy. GPU pool. Cost dashboards. Self-healing automation.',
    '6–12 months',
    ['Karpenter', 'Knative', 'OpenTelemetry'],
  ],
];

describe('the rubric matches the spec', () => {
  it('has exactly the check table, in its order', () => {
    const a = assess(ALL);
    expect(a.checks.map(c => [c.id, c.level])).toEqual(
      SPEC_CHECKS.map(([id, level]) => [id, level]),
    );
  });

  it.each(SPEC_CHECKS)('check %s (level %i) has the statement', (id, _l, s) => {
    expect(defaultRubric.checks.find(c => c.id === id)?.statement).toBe(s);
  });

  it.each(SPEC_LEVELS)('level %i is %s', (n, name, line) => {
    expect(defaultRubric.levels[n]).toMatchObject({
      level: n,
      name,
      description: line,
    });
  });

  it('has five levels', () => {
    expect(defaultRubric.levels).toHaveLength(5);
  });
});

// Each row: the check, its level, annotations that make it pass on their
// own, and a list of changes to a fully passing entity that make it fail.
type CheckRow = [
  string,
  number,
  Record<string, string>,
  Array<Record<string, string | undefined>>,
];
const CHECK_ROWS: CheckRow[] = [
  [
    'model-registry',
    1,
    { 'mlops/model-registry': 'mlflow' },
    [{ 'mlops/model-registry': undefined }, { 'mlops/model-registry': '' }],
  ],
  [
    'experiment-tracking',
    1,
    { 'mlops/experiment-tracking': 'https://wandb.ai/acme/churn' },
    [{ 'mlops/experiment-tracking': undefined }],
  ],
  [
    'health-monitoring',
    1,
    { 'mlops/health-metrics': 'uptime, latency, errors' },
    [
      { 'mlops/health-metrics': undefined },
      { 'mlops/health-metrics': 'uptime, latency' },
      { 'mlops/health-metrics': 'uptime latency errors' },
    ],
  ],
  [
    'retraining-process',
    1,
    { 'mlops/retraining-runbook': 'https://docs.example.com/runbook' },
    [{ 'mlops/retraining-runbook': undefined }],
  ],
  [
    'ci-cd-pipeline',
    2,
    { 'mlops/pipeline': 'https://ci.example.com/churn' },
    [{ 'mlops/pipeline': undefined }],
  ],
  [
    'pipeline-decides',
    2,
    { 'mlops/deploy-decision': 'pipeline' },
    [
      { 'mlops/deploy-decision': undefined },
      { 'mlops/deploy-decision': 'human' },
    ],
  ],
  [
    'automated-retraining',
    2,
    { 'mlops/retraining-trigger': 'performance' },
    [
      { 'mlops/retraining-trigger': undefined },
      { 'mlops/retraining-trigger': 'manual' },
    ],
  ],
  [
    'quality-gate',
    2,
    {
      'mlops/quality-gate': 'candidate beats champion',
      'mlops/test-set': 's3://t',
    },
    [{ 'mlops/quality-gate': undefined }, { 'mlops/test-set': undefined }],
  ],
  [
    'feature-store',
    3,
    { 'mlops/feature-store': 'feast' },
    [{ 'mlops/feature-store': undefined }],
  ],
  [
    'ab-testing',
    3,
    { 'mlops/ab-testing': 'istio canary' },
    [{ 'mlops/ab-testing': undefined }],
  ],
  [
    'drift-response',
    3,
    {
      'mlops/drift-detection': 'evidently',
      'mlops/retraining-trigger': 'drift',
    },
    [
      { 'mlops/drift-detection': undefined },
      { 'mlops/retraining-trigger': 'schedule, performance' },
    ],
  ],
  ['rbac', 3, { 'mlops/rbac': 'opa' }, [{ 'mlops/rbac': undefined }]],
  [
    'audit-trail',
    3,
    { 'mlops/audit-trail': 'https://audit.example.com' },
    [{ 'mlops/audit-trail': undefined }],
  ],
  [
    'multi-model-platform',
    4,
    { 'mlops/platform': 'acme' },
    [{ 'mlops/platform': undefined }],
  ],
  [
    'gpu-scheduling',
    4,
    { 'mlops/gpu-scheduling': 'karpenter' },
    [{ 'mlops/gpu-scheduling': undefined }],
  ],
  [
    'gpu-utilization',
    4,
    { 'mlops/gpu-utilization': '61' },
    [{ 'mlops/gpu-utilization': undefined }, { 'mlops/gpu-utilization': '60' }],
  ],
  [
    'cost-optimization',
    4,
    { 'mlops/cost-optimization': 'spot + reserved' },
    [{ 'mlops/cost-optimization': undefined }],
  ],
  [
    'self-healing',
    4,
    { 'mlops/self-healing': 'argo rollouts' },
    [{ 'mlops/self-healing': undefined }],
  ],
];

describe('the checks', () => {
  it('covers every annotation check of the spec table', () => {
    // shared-ownership is about spec.owner and has its own tests below.
    expect(CHECK_ROWS.map(r => r[0]).sort()).toEqual(
      SPEC_CHECKS.map(r => r[0])
        .filter(id => id !== 'shared-ownership')
        .sort(),
    );
  });

  it.each(CHECK_ROWS)(
    '%s (level %i) passes with its evidence alone',
    (id, _level, evidence) => {
      const bare = assess({});
      expect(check(bare, id).passed).toBe(false);
      const a = assess(evidence);
      expect(check(a, id)).toMatchObject({ passed: true, waived: false });
      expect(a.problems).toEqual([]);
      // The evidence passes no check that does not read those annotations.
      const readers = defaultRubric.checks
        .filter(c =>
          c.conditions.some(
            cond =>
              cond.type !== 'sharedOwnership' && cond.annotation in evidence,
          ),
        )
        .map(c => c.id);
      expect(readers).toContain(id);
      expect(
        a.checks
          .filter(c => c.passed && c.id !== 'shared-ownership')
          .filter(c => !readers.includes(c.id)),
      ).toEqual([]);
    },
  );

  const failRows = CHECK_ROWS.flatMap(([id, level, , fails]) =>
    fails.map(change => [id, level, JSON.stringify(change), change] as const),
  );
  it.each(failRows)(
    '%s (level %i) fails with %s',
    (id, level, _shown, change) => {
      const full = assess(ALL);
      expect(full.level).toBe(4);
      const a = assess(allExcept(change));
      const result = check(a, id);
      expect(result.passed).toBe(false);
      expect(result.waived).toBe(false);
      // The message says which annotation is at fault.
      const key = Object.keys(change)[0];
      expect(result.message).toContain(key);
      expect(a.level).toBe(level - 1);
    },
  );
});

describe('values', () => {
  const ABSENT = [
    'none',
    'None',
    'NONE',
    'no',
    'No',
    'false',
    'FALSE',
    'n/a',
    'N/A',
    '-',
    '  none  ',
    ' - ',
    '\tn/a\n',
    '',
    '   ',
  ];
  const KEYS = [
    'mlops/model-registry',
    'mlops/health-metrics',
    'mlops/deploy-decision',
    'mlops/retraining-trigger',
    'mlops/gpu-utilization',
  ];
  it.each(
    ABSENT.flatMap(token =>
      KEYS.map(key => [JSON.stringify(token), key, token]),
    ),
  )(
    'explicit absence %s on %s: the check fails, no problem',
    (_shown, key, token) => {
      const a = assess({ ...ALL, [key]: token });
      expect(a.problems).toEqual([]);
      const using = defaultRubric.checks.filter(c =>
        c.conditions.some(
          cond => cond.type !== 'sharedOwnership' && cond.annotation === key,
        ),
      );
      expect(using.length).toBeGreaterThan(0);
      for (const c of using) expect(check(a, c.id).passed).toBe(false);
      expect(a.level).toBe(Math.min(...using.map(c => c.level)) - 1);
    },
  );

  it('ignores white space around values', () => {
    const a = assess({
      'mlops/model-registry': '  mlflow \n',
      'mlops/deploy-decision': '\tpipeline  ',
    });
    expect(check(a, 'model-registry').passed).toBe(true);
    expect(check(a, 'pipeline-decides').passed).toBe(true);
    expect(a.problems).toEqual([]);
  });

  it.each([
    'uptime, latency, errors',
    'uptime,latency,errors',
    '  Uptime ,LATENCY,   errors  ',
    'errors, uptime, latency, throughput',
    'uptime,, latency, errors,',
  ])('list %j contains uptime, latency and errors', value => {
    const a = assess({ 'mlops/health-metrics': value });
    expect(check(a, 'health-monitoring').passed).toBe(true);
    expect(a.problems).toEqual([]);
  });

  it.each([
    'uptime, latency',
    'uptime; latency; errors',
    'uptimes, latency, errors',
  ])('list %j lacks an item', value => {
    const a = assess({ 'mlops/health-metrics': value });
    expect(check(a, 'health-monitoring').passed).toBe(false);
  });

  it.each(['Schedule', ' DRIFT ', 'manual, Performance'])(
    'retraining-trigger items are case-insensitive (%j)',
    value => {
      const a = assess({ 'mlops/retraining-trigger': value });
      expect(check(a, 'automated-retraining').passed).toBe(true);
      expect(a.problems).toEqual([]);
    },
  );

  it('reports a list item that is not allowed', () => {
    const a = assess({ 'mlops/retraining-trigger': 'weekly' });
    const [p] = problemsFor(a, 'mlops/retraining-trigger');
    expect(p.severity).toBe('error');
    for (const word of [
      'weekly',
      'schedule',
      'drift',
      'performance',
      'manual',
    ]) {
      expect(p.message).toContain(word);
    }
    expect(check(a, 'automated-retraining').passed).toBe(false);
  });

  it.each(['Pipeline', 'PIPELINE', ' pipeline '])(
    'enum values are case-insensitive (%j)',
    value => {
      const a = assess({ 'mlops/deploy-decision': value });
      expect(check(a, 'pipeline-decides').passed).toBe(true);
      expect(a.problems).toEqual([]);
    },
  );

  it('reports an enum value outside the allowed values', () => {
    const a = assess({ 'mlops/deploy-decision': 'robot' });
    const problems = problemsFor(a, 'mlops/deploy-decision');
    expect(problems).toHaveLength(1);
    expect(problems[0].severity).toBe('error');
    for (const word of [
      'mlops/deploy-decision',
      'robot',
      'pipeline',
      'human',
    ]) {
      expect(problems[0].message).toContain(word);
    }
    expect(check(a, 'pipeline-decides').passed).toBe(false);
  });

  it.each([
    ['mlops/regulated', 'true', 3],
    ['mlops/regulated', 'TRUE', 3],
    ['mlops/regulated', 'True', 3],
    ['mlops/regulated', 'false', 2],
    ['mlops/regulated', 'False', 2],
    ['mlops/customer-facing', 'tRuE', 3],
    ['mlops/customer-facing', 'FALSE', 2],
  ])('boolean %s: %j is valid (target %i)', (key, value, target) => {
    const a = assess({ [key]: value });
    expect(a.problems).toEqual([]);
    expect(a.targetLevel).toBe(target);
  });

  it.each([
    ['mlops/regulated', 'yes'],
    ['mlops/regulated', '1'],
    ['mlops/customer-facing', 'maybe'],
    ['mlops/customer-facing', 'truee'],
  ])('boolean %s: %j is an error', (key, value) => {
    const a = assess({ [key]: value });
    const problems = problemsFor(a, key);
    expect(problems).toHaveLength(1);
    expect(problems[0].severity).toBe('error');
    expect(problems[0].message).toContain(value);
    expect(a.targetLevel).toBe(2);
  });

  describe('gpu-utilization', () => {
    it.each([
      ['61', true],
      ['72%', true],
      ['60.5', true],
      ['100', true],
      ['100%', true],
      ['60', false],
      ['60%', false],
      ['59.99', false],
      ['0', false],
    ])('%j passes: %s, with no problem', (value, passes) => {
      const a = assess({ ...ALL, 'mlops/gpu-utilization': value });
      expect(a.problems).toEqual([]);
      expect(check(a, 'gpu-utilization').passed).toBe(passes);
      expect(a.level).toBe(passes ? 4 : 3);
    });

    it.each(['abc', '101', '-1', '150%', '72 percent', '7O'])(
      '%j is an error and fails',
      value => {
        const a = assess({ ...ALL, 'mlops/gpu-utilization': value });
        const problems = problemsFor(a, 'mlops/gpu-utilization');
        expect(problems).toHaveLength(1);
        expect(problems[0].severity).toBe('error');
        expect(problems[0].message).toContain(value);
        expect(check(a, 'gpu-utilization').passed).toBe(false);
        expect(a.level).toBe(3);
      },
    );
  });
});

describe('the level rule', () => {
  it('is 0 with no evidence', () => {
    const a = assess({});
    expect(a.level).toBe(0);
    expect(a.levelName).toBe('Manual');
  });

  it.each([
    [1, LEVEL1],
    [2, { ...LEVEL1, ...LEVEL2 }],
    [3, { ...LEVEL1, ...LEVEL2, ...LEVEL3 }],
    [4, { ...LEVEL1, ...LEVEL2, ...LEVEL3, ...LEVEL4 }],
  ])('is %i when every check up to it passes', (level, annotations) => {
    const a = assess(annotations);
    expect(a.level).toBe(level);
    expect(a.levelName).toBe(SPEC_LEVELS[level][1]);
    expect(a.problems).toEqual([]);
  });

  it('is level 1 with a registry but no automation, even when every level 3 check passes', () => {
    const a = assess({ ...LEVEL1, ...LEVEL3 });
    expect(a.checks.filter(c => c.level === 3).every(c => c.passed)).toBe(true);
    expect(a.checks.filter(c => c.level === 2).some(c => !c.passed)).toBe(true);
    expect(a.level).toBe(1);
    expect(a.levelName).toBe('Managed');
  });

  it('is 0 when one level 1 check fails, whatever passes above', () => {
    const a = assess(allExcept({ 'mlops/retraining-runbook': undefined }));
    expect(a.checks.filter(c => !c.passed).map(c => c.id)).toEqual([
      'retraining-process',
    ]);
    expect(a.level).toBe(0);
  });
});

describe('shared-ownership', () => {
  const team = (members: number, name = 'ml-team') => [
    group(name),
    ...Array.from({ length: members }, (_, i) =>
      user(`person-${name}-${i}`, [name]),
    ),
  ];

  it.each(['user:jane', 'user:default/jane', 'User:default/Jane'])(
    'fails for the User owner %s',
    owner => {
      const a = assess(ALL, { owner });
      expect(check(a, 'shared-ownership').passed).toBe(false);
      expect(a.level).toBe(0);
    },
  );

  it('fails when spec.owner is missing or empty', () => {
    for (const owner of [null, '', '   ']) {
      const a = assess(ALL, { owner });
      expect(check(a, 'shared-ownership').passed).toBe(false);
      expect(check(a, 'shared-ownership').message).toContain('spec.owner');
      expect(a.level).toBe(0);
    }
  });

  it('passes for a bare name (a Group) and a Group not in the catalog', () => {
    for (const owner of ['ml-team', 'group:ml-team', 'group:default/ml-team']) {
      expect(check(assess(ALL, { owner }), 'shared-ownership').passed).toBe(
        true,
      );
      const context = buildAssessmentContext([...team(1, 'other-team')]);
      const a = assess(ALL, { owner }, { context });
      expect(check(a, 'shared-ownership').passed).toBe(true);
      expect(a.level).toBe(4);
    }
  });

  it.each([
    ['ml-team', 1, false],
    ['ml-team', 2, true],
    ['group:default/ml-team', 0, false],
    ['group:default/ml-team', 1, false],
    ['group:default/ml-team', 2, true],
    ['group:ml-team', 3, true],
  ])('owner %s with %i member(s) in the catalog passes: %s', (owner, n, ok) => {
    const context = buildAssessmentContext(team(n));
    const a = assess(ALL, { owner }, { context });
    expect(check(a, 'shared-ownership').passed).toBe(ok);
    expect(a.level).toBe(ok ? 4 : 0);
  });

  it('counts members from hasMember relations too', () => {
    const g: MaturityEntity = {
      ...group('ml-team'),
      relations: [
        { type: 'hasMember', targetRef: 'user:default/ann' },
        { type: 'hasMember', targetRef: 'user:default/bob' },
      ],
    };
    const one = buildAssessmentContext([
      { ...g, relations: g.relations!.slice(0, 1) },
    ]);
    const two = buildAssessmentContext([g]);
    expect(
      check(assess(ALL, {}, { context: one }), 'shared-ownership').passed,
    ).toBe(false);
    expect(
      check(assess(ALL, {}, { context: two }), 'shared-ownership').passed,
    ).toBe(true);
  });

  it('resolves a bare owner in the entity namespace', () => {
    const context = buildAssessmentContext([
      { ...group('ml-team'), metadata: { name: 'ml-team', namespace: 'risk' } },
      {
        ...user('ann', ['ml-team']),
        metadata: { name: 'ann', namespace: 'risk' },
      },
    ]);
    const a = assess(ALL, { owner: 'ml-team', namespace: 'risk' }, { context });
    expect(check(a, 'shared-ownership').passed).toBe(false);
  });
});

describe('the target level', () => {
  it('is 2 by default', () => {
    const a = assess({});
    expect(a.targetLevel).toBe(2);
    expect(a.targetReason).toBe('default');
  });

  it.each(['0', '1', '2', '3', '4', ' 4 '])(
    'is mlops/target-level when given (%j)',
    value => {
      const a = assess({
        'mlops/target-level': value,
        'mlops/regulated': 'true',
      });
      expect(a.targetLevel).toBe(Number(value));
      expect(a.targetReason).toBe('annotation');
      expect(a.problems).toEqual([]);
    },
  );

  it.each(['five', '7', '-1', '2.5', '5', 'level 3'])(
    'reports mlops/target-level %j as an error and ignores it',
    value => {
      const a = assess({ 'mlops/target-level': value });
      const problems = problemsFor(a, 'mlops/target-level');
      expect(problems).toHaveLength(1);
      expect(problems[0].severity).toBe('error');
      expect(problems[0].message).toContain(value);
      expect(a.targetLevel).toBe(2);
      const regulated = assess({
        'mlops/target-level': value,
        'mlops/regulated': 'true',
      });
      expect(regulated.targetLevel).toBe(3);
    },
  );

  it.each([
    ['mlops/regulated', 'regulated'],
    ['mlops/customer-facing', 'customer-facing'],
  ])('is 3 when %s is true', (key, reason) => {
    const a = assess({ [key]: 'true' });
    expect(a.targetLevel).toBe(3);
    expect(a.targetReason).toBe(reason);
  });

  it('is 3 when the owner owns two or more ML components', () => {
    const model = mlEntity({}, { name: 'churn' });
    const other = mlEntity({}, { name: 'fraud', type: 'ml-service' });
    const unrelated = mlEntity({}, { name: 'x', owner: 'group:default/other' });
    const two = buildAssessmentContext([model, other, unrelated]);
    const a = assessEntity(model, { context: two, now: NOW });
    expect(a.targetLevel).toBe(3);
    expect(a.targetReason).toBe('owner-components');

    const one = buildAssessmentContext([model, unrelated]);
    expect(assessEntity(model, { context: one, now: NOW }).targetLevel).toBe(2);

    // A component that is not an ML component does not count.
    const website = mlEntity({}, { name: 'site', type: 'website' });
    const notMl = buildAssessmentContext([model, website]);
    expect(assessEntity(model, { context: notMl, now: NOW }).targetLevel).toBe(
      2,
    );
  });

  it('is never 4 by default', () => {
    const model = mlEntity(
      { 'mlops/regulated': 'true', 'mlops/customer-facing': 'true' },
      { name: 'churn' },
    );
    const many = buildAssessmentContext([
      model,
      ...[1, 2, 3, 4, 5].map(i => mlEntity({}, { name: `m${i}` })),
    ]);
    for (const context of [many, undefined]) {
      const a = assessEntity(model, { context, now: NOW });
      expect(a.targetLevel).toBe(3);
    }
    const full = assess(ALL, {}, { context: many });
    expect(full.targetLevel).toBeLessThan(4);
  });
});

describe('the claimed level', () => {
  it('is null when not given', () => {
    expect(assess({}).claimedLevel).toBeNull();
  });

  it.each(['0', '2', '4', ' 3 '])('is the number for %j', value => {
    const a = assess({ 'mlops/claimed-level': value });
    expect(a.claimedLevel).toBe(Number(value));
    expect(a.problems).toEqual([]);
  });

  it.each(['two', '5', '-1', '1.5', 'L2'])(
    'is null with an error for %j',
    value => {
      const a = assess({ 'mlops/claimed-level': value });
      expect(a.claimedLevel).toBeNull();
      const problems = problemsFor(a, 'mlops/claimed-level');
      expect(problems).toHaveLength(1);
      expect(problems[0].severity).toBe('error');
      expect(problems[0].message).toContain(value);
    },
  );

  it('does not change the assessed level', () => {
    const a = assess({ ...LEVEL1, 'mlops/claimed-level': '3' });
    expect(a.level).toBe(1);
    expect(a.claimedLevel).toBe(3);
  });
});

describe('waivers', () => {
  const NO_GPU = allExcept({ 'mlops/gpu-utilization': undefined });
  const KEY = 'mlops/waiver.gpu-utilization';

  it('counts an active waiver as passed and shows its reason', () => {
    const a = assess({ ...NO_GPU, [KEY]: 'we run no GPUs; until 2026-06-30' });
    const c = check(a, 'gpu-utilization');
    expect(c.passed).toBe(true);
    expect(c.waived).toBe(true);
    expect(c.waiver).toEqual({ reason: 'we run no GPUs', until: '2026-06-30' });
    expect(c.message).toContain('we run no GPUs');
    expect(a.level).toBe(4);
    expect(a.problems).toEqual([]);
    // Without the waiver the level is 3.
    expect(assess(NO_GPU).level).toBe(3);
  });

  it('counts on the day itself', () => {
    const a = assess({ ...NO_GPU, [KEY]: 'no GPUs; until 2026-03-15' });
    expect(check(a, 'gpu-utilization')).toMatchObject({
      passed: true,
      waived: true,
    });
    const lastMoment = assessEntity(
      mlEntity({ ...NO_GPU, [KEY]: 'no GPUs; until 2026-03-15' }),
      { now: new Date('2026-03-15T23:59:59Z') },
    );
    expect(check(lastMoment, 'gpu-utilization').waived).toBe(true);
  });

  it('makes a waived level-1 check count for the level', () => {
    const a = assess(
      {
        ...ALL,
        'mlops/waiver.shared-ownership': 'solo project; until 2026-12-31',
      },
      { owner: 'user:default/jane' },
    );
    expect(check(a, 'shared-ownership').waived).toBe(true);
    expect(a.level).toBe(4);
  });

  it('no longer counts after the date: a warning names the date', () => {
    const a = assess({ ...NO_GPU, [KEY]: 'no GPUs; until 2026-03-14' });
    const c = check(a, 'gpu-utilization');
    expect(c).toMatchObject({ passed: false, waived: false });
    expect(c.waiver).toBeUndefined();
    expect(a.level).toBe(3);
    const problems = problemsFor(a, KEY);
    expect(problems).toHaveLength(1);
    expect(problems[0].severity).toBe('warning');
    expect(problems[0].message).toContain('2026-03-14');
  });

  it('assesses the check as usual after the date', () => {
    const a = assess({ ...ALL, [KEY]: 'no GPUs; until 2025-01-01' });
    expect(check(a, 'gpu-utilization')).toMatchObject({
      passed: true,
      waived: false,
    });
    expect(a.level).toBe(4);
    expect(problemsFor(a, KEY)[0].severity).toBe('warning');
  });

  it.each([
    ['no reason', '; until 2026-06-30'],
    ['a blank reason', '   ; until 2026-06-30'],
    ['no until', 'we run no GPUs'],
    ['no date after until', 'we run no GPUs; until'],
    ['an impossible date', 'we run no GPUs; until 2026-02-30'],
    ['month 13', 'we run no GPUs; until 2026-13-01'],
    ['a date in another format', 'we run no GPUs; until 30/06/2026'],
    ['a word for a date', 'we run no GPUs; until tomorrow'],
  ])('is an error and ignored with %s', (_what, value) => {
    const a = assess({ ...NO_GPU, [KEY]: value });
    const problems = problemsFor(a, KEY);
    expect(problems).toHaveLength(1);
    expect(problems[0].severity).toBe('error');
    expect(check(a, 'gpu-utilization')).toMatchObject({
      passed: false,
      waived: false,
    });
    expect(a.level).toBe(3);
  });

  it('says a waiver of only a date lacks a reason, not a date', () => {
    const a = assess({ ...NO_GPU, [KEY]: 'until 2026-06-30' });
    const problems = problemsFor(a, KEY);
    expect(problems).toHaveLength(1);
    expect(problems[0].severity).toBe('error');
    expect(problems[0].message).toContain('no reason');
    expect(check(a, 'gpu-utilization').waived).toBe(false);
  });

  it('warns about an unknown check id and suggests the close one', () => {
    const a = assess({
      ...NO_GPU,
      'mlops/waiver.gpu-utilisation': 'no GPUs; until 2026-06-30',
    });
    const problems = problemsFor(a, 'mlops/waiver.gpu-utilisation');
    expect(problems).toHaveLength(1);
    expect(problems[0].severity).toBe('warning');
    expect(problems[0].message).toContain('gpu-utilization');
    expect(check(a, 'gpu-utilization').passed).toBe(false);
    expect(a.level).toBe(3);
  });

  it('warns about an unknown check id with no close match, suggesting nothing', () => {
    const key = 'mlops/waiver.quantum-readiness';
    const a = assess({ [key]: 'not yet; until 2026-06-30' });
    const problems = problemsFor(a, key);
    expect(problems).toHaveLength(1);
    expect(problems[0].severity).toBe('warning');
    for (const c of defaultRubric.checks) {
      expect(problems[0].message).not.toContain(c.id);
    }
  });
});

describe('problems', () => {
  it('warns about an unknown key and suggests the close one', () => {
    const a = assess({ 'mlops/model-regsitry': 'mlflow' });
    expect(a.problems).toHaveLength(1);
    expect(a.problems[0]).toMatchObject({
      severity: 'warning',
      annotation: 'mlops/model-regsitry',
    });
    expect(a.problems[0].message).toContain('mlops/model-registry');
    expect(check(a, 'model-registry').passed).toBe(false);
  });

  it('warns about an unknown key with no close match, suggesting nothing', () => {
    const key = 'mlops/zebra-crossing-count';
    const a = assess({ [key]: '3' });
    expect(a.problems).toHaveLength(1);
    expect(a.problems[0]).toMatchObject({
      severity: 'warning',
      annotation: key,
    });
    for (const known of defaultRubric.annotations) {
      expect(a.problems[0].message).not.toContain(known.key);
    }
  });

  it('ignores annotations outside mlops/', () => {
    const a = assess({
      'backstage.io/techdocs-ref': 'dir:.',
      'github.com/project-slug': 'acme/churn',
      'mlopsx/model-registry': 'mlflow',
    });
    expect(a.problems).toEqual([]);
  });

  it.each([
    ['mlops/gpu-utilization', 72, '72'],
    ['mlops/regulated', true, 'true'],
    ['mlops/model-registry', false, 'false'],
  ])('says to quote the non-string %s: %p', (key, value, shown) => {
    const a = assess({ ...ALL, [key]: value });
    const problems = problemsFor(a, key);
    expect(problems).toHaveLength(1);
    expect(problems[0].severity).toBe('error');
    expect(problems[0].message.toLowerCase()).toContain('quote');
    expect(problems[0].message).toContain(shown);
  });

  it('ignores a non-string value: the check fails and the target stays', () => {
    const a = assess({
      ...ALL,
      'mlops/gpu-utilization': 72,
      'mlops/regulated': true,
    });
    expect(check(a, 'gpu-utilization').passed).toBe(false);
    expect(a.level).toBe(3);
    expect(a.targetLevel).toBe(2);
  });

  it.each([
    ['null', null],
    ['a list', ['mlflow']],
    ['a mapping', { url: 'mlflow' }],
  ])('reports %s as an error without crashing', (_what, value) => {
    const a = assess({ ...ALL, 'mlops/model-registry': value });
    expect(problemsFor(a, 'mlops/model-registry')).toHaveLength(1);
    expect(problemsFor(a, 'mlops/model-registry')[0].severity).toBe('error');
    expect(a.level).toBe(0);
  });

  it('reports each problem once, all well formed', () => {
    const a = assess({
      'mlops/model-regsitry': 'x',
      'mlops/deploy-decision': 'robot',
      'mlops/gpu-utilization': '101',
      'mlops/target-level': 'five',
      'mlops/claimed-level': 'two',
      'mlops/regulated': 'yes',
      'mlops/waiver.gpu-utilisation': 'x; until 2026-06-30',
      'mlops/waiver.rbac': 'x; until 2026-02-30',
      'mlops/health-metrics': 7,
    });
    expect(a.problems.map(p => p.annotation).sort()).toEqual(
      [
        'mlops/claimed-level',
        'mlops/deploy-decision',
        'mlops/gpu-utilization',
        'mlops/health-metrics',
        'mlops/model-regsitry',
        'mlops/regulated',
        'mlops/target-level',
        'mlops/waiver.gpu-utilisation',
        'mlops/waiver.rbac',
      ].sort(),
    );
  });
});

describe('recommendations', () => {
  it('go from the next level up to the target', () => {
    expect(assess({}).recommendations.map(r => r.level)).toEqual([1, 2]);
    expect(
      assess({ 'mlops/regulated': 'true' }).recommendations.map(r => r.level),
    ).toEqual([1, 2, 3]);
    expect(
      assess({ ...LEVEL1, 'mlops/target-level': '4' }).recommendations.map(
        r => r.level,
      ),
    ).toEqual([2, 3, 4]);
  });

  it('always include the next level, even at or above the target', () => {
    expect(
      assess({ 'mlops/target-level': '0' }).recommendations.map(r => r.level),
    ).toEqual([1]);
    const atTarget = assess({ ...LEVEL1, ...LEVEL2 });
    expect(atTarget.level).toBe(atTarget.targetLevel);
    expect(atTarget.recommendations.map(r => r.level)).toEqual([3]);
    const above = assess({ ...LEVEL1, ...LEVEL2, ...LEVEL3 });
    expect(above.recommendations.map(r => r.level)).toEqual([4]);
  });

  it('never go above the top level', () => {
    expect(assess(ALL).recommendations).toEqual([]);
    expect(
      assess({ ...ALL, 'mlops/target-level': '4' }).recommendations,
    ).toEqual([]);
  });

  it.each(SPEC_CLIMB)(
    'carry the climb row to level %i',
    (level, actions, effort, tools) => {
      const a = assess({ 'mlops/target-level': '4' });
      const rec = a.recommendations.find(r => r.level === level)!;
      expect(rec).toMatchObject({
        level,
        levelName: SPEC_LEVELS[level][1],
        fromLevel: level - 1,
        actions,
        effort,
        tools,
      });
    },
  );

  const STARTS: Array<[string, Record<string, unknown>, string | null]> = [
    ['nothing', {}, 'group:default/ml-team'],
    ['no owner', { 'mlops/target-level': '4' }, null],
    ['a User owner', { ...LEVEL1, 'mlops/regulated': 'true' }, 'user:jane'],
    [
      'explicitly absent values',
      {
        'mlops/model-registry': 'none',
        'mlops/health-metrics': 'n/a',
        'mlops/gpu-utilization': '-',
        'mlops/target-level': '4',
      },
      'ml-team',
    ],
    [
      'partial and wrong values',
      {
        'mlops/health-metrics': 'uptime, throughput',
        'mlops/deploy-decision': 'human',
        'mlops/retraining-trigger': 'manual, weekly',
        'mlops/quality-gate': 'beats champion',
        'mlops/gpu-utilization': 'abc',
        'mlops/drift-detection': 'evidently',
        'mlops/target-level': '4',
      },
      'ml-team',
    ],
    [
      'level 2 with a schedule trigger',
      { ...LEVEL1, ...LEVEL2, 'mlops/customer-facing': 'true' },
      'ml-team',
    ],
    [
      'non-string values',
      {
        'mlops/gpu-utilization': 55,
        'mlops/model-registry': true,
        'mlops/target-level': '4',
      },
      'ml-team',
    ],
    [
      'an expired waiver',
      {
        ...LEVEL1,
        ...LEVEL2,
        ...LEVEL3,
        'mlops/waiver.gpu-utilization': 'no GPUs; until 2025-12-31',
        'mlops/target-level': '4',
      },
      'ml-team',
    ],
  ];

  it.each(STARTS)(
    'list the failing checks of each level, with YAML that makes them pass (%s)',
    (_what, annotations, owner) => {
      const entity = mlEntity(annotations, { owner });
      const before = assessEntity(entity, { now: NOW });
      expect(before.recommendations.length).toBeGreaterThan(0);
      let climbed = entity;
      for (const rec of before.recommendations) {
        // The failing checks of that level, no more, no less.
        expect(rec.checks.map(c => c.id)).toEqual(
          before.checks
            .filter(c => c.level === rec.level && !c.passed)
            .map(c => c.id),
        );
        for (const c of rec.checks) {
          // Each check's own YAML makes that check pass.
          const fixed = assessEntity(mergeYaml(entity, c.yaml), { now: NOW });
          expect(check(fixed, c.id).passed).toBe(true);
          expect(c.statement).toBe(
            defaultRubric.checks.find(x => x.id === c.id)!.statement,
          );
        }
        // The level's YAML, merged after the ones below, reaches the level.
        climbed = mergeYaml(climbed, rec.yaml);
        const after = assessEntity(climbed, { now: NOW });
        expect(after.level).toBeGreaterThanOrEqual(rec.level);
        expect(
          after.checks.filter(c => c.level === rec.level).every(c => c.passed),
        ).toBe(true);
      }
      const last = before.recommendations[before.recommendations.length - 1];
      expect(last.level).toBe(
        Math.min(4, Math.max(before.targetLevel, before.level + 1)),
      );
      const final = assessEntity(climbed, { now: NOW });
      expect(final.level).toBeGreaterThan(before.level);
      expect(final.level).toBeGreaterThanOrEqual(
        Math.min(4, before.targetLevel),
      );
    },
  );

  it('produce YAML with string annotation values', () => {
    const a = assess({ 'mlops/target-level': '4' });
    for (const rec of a.recommendations) {
      const doc = parseYaml(rec.yaml);
      for (const value of Object.values(doc.metadata?.annotations ?? {})) {
        expect(typeof value).toBe('string');
      }
    }
  });
});

describe('isMlComponent', () => {
  it.each(['ml-model', 'ml-service', 'ml-pipeline'])(
    'is true for spec.type %s',
    type => {
      expect(isMlComponent(mlEntity({}, { type }))).toBe(true);
    },
  );

  it('is true for another type with an mlops/ annotation', () => {
    expect(
      isMlComponent(
        mlEntity({ 'mlops/model-registry': 'mlflow' }, { type: 'service' }),
      ),
    ).toBe(true);
    expect(
      isMlComponent(mlEntity({ 'mlops/whatever': 'x' }, { type: 'library' })),
    ).toBe(true);
  });

  it('is false for other entities', () => {
    expect(isMlComponent(mlEntity({}, { type: 'service' }))).toBe(false);
    expect(
      isMlComponent(
        mlEntity({ 'backstage.io/techdocs-ref': 'dir:.' }, { type: 'website' }),
      ),
    ).toBe(false);
    expect(isMlComponent(group('ml-team'))).toBe(false);
    expect(isMlComponent(user('jane', ['ml-team']))).toBe(false);
    expect(isMlComponent(mlEntity({}, { type: 'ml-modelx' }))).toBe(false);
  });
});

describe('toContractJson', () => {
  it('has exactly the contract keys, in order', () => {
    const a = assess({
      ...LEVEL1,
      'mlops/waiver.ci-cd-pipeline':
        'pipeline is being built; until 2026-04-01',
      'mlops/claimed-level': '2',
      'mlops/model-regsitry': 'typo',
    });
    const json = toContractJson(a);
    expect(Object.keys(json)).toEqual([
      'entityRef',
      'level',
      'levelName',
      'targetLevel',
      'claimedLevel',
      'checks',
      'problems',
      'recommendations',
    ]);
    expect(json.entityRef).toBe('component:default/churn');
    expect(json.level).toBe(a.level);
    expect(json.levelName).toBe(a.levelName);
    expect(json.targetLevel).toBe(a.targetLevel);
    expect(json.claimedLevel).toBe(2);
    expect(json.checks.map(c => c.id)).toEqual(SPEC_CHECKS.map(r => r[0]));
    const waived = json.checks.find(c => c.id === 'ci-cd-pipeline')!;
    expect(Object.keys(waived)).toEqual([
      'id',
      'level',
      'passed',
      'message',
      'waived',
      'waiver',
    ]);
    expect(waived.passed).toBe(true);
    expect(waived.waived).toBe(true);
    expect(waived.waiver).toEqual({
      reason: 'pipeline is being built',
      until: '2026-04-01',
    });
    const others = json.checks.filter(c => c !== waived);
    expect(others).toHaveLength(18);
    expect(others.map(c => Object.keys(c))).toEqual(
      others.map(() => ['id', 'level', 'passed', 'message']),
    );
    expect(json.problems).toHaveLength(1);
    for (const p of json.problems) {
      expect(Object.keys(p)).toEqual(['severity', 'annotation', 'message']);
    }
    expect(json.recommendations).toEqual(a.recommendations);
    // It survives JSON as is.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('gives claimedLevel as null when there is none', () => {
    const json = toContractJson(assess({}));
    expect(json.claimedLevel).toBeNull();
    expect(JSON.parse(JSON.stringify(json))).toHaveProperty(
      'claimedLevel',
      null,
    );
  });
});
