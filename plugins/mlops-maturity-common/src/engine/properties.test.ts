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

// Properties of the engine that hold for every input, checked with fast-check.

/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectSound"] }] */

import fc from 'fast-check';
import {
  AssessmentContextBuilder,
  assessEntity,
  buildAssessmentContext,
  defaultRubric,
  MaturityAssessment,
  MaturityEntity,
  partialScoreOf,
  scoreEntity,
  settledScore,
  toContractJson,
} from '..';
import { ALL, NOW, expectWellFormedProblems } from '../__testUtils__/fixtures';

const RUNS = 150;

// Which annotations each check reads, from the spec's check table.
const CHECK_KEYS: Record<string, string[]> = {
  'model-registry': ['mlops/model-registry'],
  'experiment-tracking': ['mlops/experiment-tracking'],
  'health-monitoring': ['mlops/health-metrics'],
  'retraining-process': ['mlops/retraining-runbook'],
  'shared-ownership': [],
  'ci-cd-pipeline': ['mlops/pipeline'],
  'pipeline-decides': ['mlops/deploy-decision'],
  'automated-retraining': ['mlops/retraining-trigger'],
  'quality-gate': ['mlops/quality-gate', 'mlops/test-set'],
  'feature-store': ['mlops/feature-store'],
  'ab-testing': ['mlops/ab-testing'],
  'drift-response': ['mlops/drift-detection', 'mlops/retraining-trigger'],
  rbac: ['mlops/rbac'],
  'audit-trail': ['mlops/audit-trail'],
  'multi-model-platform': ['mlops/platform'],
  'gpu-scheduling': ['mlops/gpu-scheduling'],
  'gpu-utilization': ['mlops/gpu-utilization'],
  'cost-optimization': ['mlops/cost-optimization'],
  'self-healing': ['mlops/self-healing'],
};
const CHECK_IDS = Object.keys(CHECK_KEYS);
const EVIDENCE_KEYS = Object.keys(ALL);

// Values that fail every check reading the key (and pass none).
const ABSENT = ['none', 'NO', ' false ', 'n/a', '-', '', '  '];
const FAILING: Record<string, string[]> = {
  'mlops/health-metrics': ['uptime, latency', 'latency; errors; uptime'],
  'mlops/deploy-decision': ['human', 'robot'],
  'mlops/retraining-trigger': ['manual', 'weekly'],
  'mlops/gpu-utilization': ['60', '12%', '101', 'abc', '-5'],
};

const ACTIVE_WAIVER = 'accepted for now; until 2099-12-31';
const INERT_WAIVERS = [
  'expired; until 2000-01-01',
  'no date at all',
  '; until 2099-12-31',
  'bad date; until 2099-02-30',
];

const OWNERS = {
  group: ['group:default/ml-team', 'ml-team', 'Group:default/ML-Team'],
  notGroup: ['user:default/jane', 'user:jane', ''],
};

interface Case {
  annotations: Record<string, string>;
  owner: string;
}

function entityOf(annotations: Record<string, unknown>, owner: unknown) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'churn', annotations },
    spec: { type: 'ml-model', lifecycle: 'production', owner },
  } as MaturityEntity;
}

function assess(c: Case): MaturityAssessment {
  return assessEntity(entityOf(c.annotations, c.owner), { now: NOW });
}

/** Level that the checks of an assessment imply by the level rule. */
function levelFromChecks(a: MaturityAssessment): number {
  const failing = a.checks.filter(c => !c.passed).map(c => c.level);
  return failing.length === 0 ? 4 : Math.min(...failing) - 1;
}

// An entity whose every evidence annotation is missing, passing or failing,
// with some waivers, so that the outcome of each check is known in advance.
const valueArb = (key: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(ALL[key]) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...ABSENT, ...(FAILING[key] ?? [])),
    },
  );
const caseArb: fc.Arbitrary<Case> = fc
  .tuple(
    fc.record(Object.fromEntries(EVIDENCE_KEYS.map(k => [k, valueArb(k)])), {
      requiredKeys: [],
    }),
    fc.subarray(CHECK_IDS, { maxLength: 3 }),
    fc.constantFrom(...INERT_WAIVERS, ACTIVE_WAIVER),
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...OWNERS.group) },
      { weight: 1, arbitrary: fc.constantFrom(...OWNERS.notGroup) },
    ),
  )
  .map(([evidence, waived, waiver, owner]) => {
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(evidence)) {
      if (v !== undefined) annotations[k] = v;
    }
    for (const id of waived) annotations[`mlops/waiver.${id}`] = waiver;
    return { annotations, owner };
  });

/** What each check must give for a generated case, by the spec alone. */
function expectedPasses(c: Case): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const id of CHECK_IDS) {
    const waived = c.annotations[`mlops/waiver.${id}`] === ACTIVE_WAIVER;
    const evidence =
      id === 'shared-ownership'
        ? OWNERS.group.includes(c.owner)
        : CHECK_KEYS[id].every(k => c.annotations[k] === ALL[k]);
    out.set(id, waived || evidence);
  }
  return out;
}

describe('properties of the level', () => {
  it('checks pass exactly as the spec says for generated entities', () => {
    fc.assert(
      fc.property(caseArb, c => {
        const a = assess(c);
        const expected = expectedPasses(c);
        expect(
          Object.fromEntries(a.checks.map(ch => [ch.id, ch.passed])),
        ).toEqual(Object.fromEntries(expected));
        const lowestFailing = Math.min(
          5,
          ...CHECK_IDS.filter(id => !expected.get(id)).map(
            id => defaultRubric.checks.find(ch => ch.id === id)!.level,
          ),
        );
        expect(a.level).toBe(lowestFailing - 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('is exactly one below the lowest level with a failing unwaived check', () => {
    fc.assert(
      fc.property(caseArb, c => {
        const a = assess(c);
        expect(a.checks.filter(ch => ch.waived && !ch.passed)).toEqual([]);
        const unwaivedFailing = a.checks
          .filter(ch => !ch.waived && !ch.passed)
          .map(ch => ch.level);
        const bound =
          unwaivedFailing.length === 0 ? 4 : Math.min(...unwaivedFailing) - 1;
        expect(a.level).toBeLessThanOrEqual(bound);
        expect(a.level).toBe(bound);
        expect(a.level).toBe(levelFromChecks(a));
        expect(a.levelName).toBe(defaultRubric.levels[a.level].name);
      }),
      { numRuns: RUNS },
    );
  });

  it('never goes down when a passing annotation is added', () => {
    const additions: Array<[string, string]> = [
      ...EVIDENCE_KEYS.map(k => [k, ALL[k]] as [string, string]),
      ...CHECK_IDS.map(
        id => [`mlops/waiver.${id}`, ACTIVE_WAIVER] as [string, string],
      ),
    ];
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...additions), (c, [key, value]) => {
        const before = assess(c).level;
        const after = assess({
          ...c,
          annotations: { ...c.annotations, [key]: value },
        }).level;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('never goes up when an annotation is removed', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), (c, n) => {
        const keys = Object.keys(c.annotations);
        fc.pre(keys.length > 0);
        const key = keys[n % keys.length];
        const rest = { ...c.annotations };
        delete rest[key];
        const before = assess(c).level;
        const after = assess({ ...c, annotations: rest }).level;
        expect(after).toBeLessThanOrEqual(before);
      }),
      { numRuns: RUNS },
    );
  });
});

// Inputs no one should write, which must still never crash the engine.
const MB = 1 << 20;
const HUGE = [
  'x'.repeat(MB),
  'uptime, '.repeat(MB / 8),
  `${' '.repeat(MB)}none`,
  `${'9'.repeat(MB)}%`,
  `${'reason '.repeat(MB / 7)}; until 2099-12-31`,
  '\u{1F916}'.repeat(MB / 2),
  ','.repeat(MB),
];
const KNOWN_KEYS = defaultRubric.annotations.map(a => a.key);
const WAIVER_KEYS = CHECK_IDS.map(id => `mlops/waiver.${id}`);
const TRICKY_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'mlops/__proto__',
  'mlops/constructor',
  'mlops/toString',
  'mlops/waiver.__proto__',
  'mlops/waiver.constructor',
  'mlops/waiver.toString',
  'mlops/waiver.',
  'mlops/',
  `mlops/${'k'.repeat(MB)}`,
  `mlops/waiver.${'gpu-utilization'.repeat(20)}`,
];

const keyArb = fc.oneof(
  fc.constantFrom(...KNOWN_KEYS, ...WAIVER_KEYS, ...TRICKY_KEYS),
  fc.string().map(s => `mlops/${s}`),
  fc.string({ unit: 'binary' }).map(s => `mlops/waiver.${s}`),
  fc.string({ unit: 'grapheme' }),
);
const anyValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme-composite' }),
  fc.constantFrom(
    ...Object.values(ALL),
    ...ABSENT,
    '72%',
    '60',
    ' 3 ',
    'TRUE',
    'x; until 2026-02-30',
    'x; until 2099-01-01',
    'x; until 2000-01-01',
  ),
  fc.constantFrom(...HUGE),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.anything(),
);

/** An object with the given own keys, `__proto__` included. */
function ownKeys(entries: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const annotationsArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(fc.tuple(keyArb, anyValueArb), { maxLength: 12 })
      .map(ownKeys),
  },
  { weight: 1, arbitrary: fc.anything() },
);
const ownerArb = fc.oneof(
  fc.constantFrom(
    'group:default/ml-team',
    'user:jane',
    'ml-team',
    'group:',
    ':/',
    'a:b:c/d/e',
  ),
  fc.string(),
  fc.anything(),
);

function expectSound(a: MaturityAssessment) {
  expect(Number.isInteger(a.level)).toBe(true);
  expect(a.level).toBeGreaterThanOrEqual(0);
  expect(a.level).toBeLessThanOrEqual(4);
  expect(a.level).toBe(levelFromChecks(a));
  expect(a.levelName).toBe(defaultRubric.levels[a.level].name);
  expect(Number.isInteger(a.targetLevel)).toBe(true);
  expect(a.targetLevel).toBeGreaterThanOrEqual(0);
  expect(a.targetLevel).toBeLessThanOrEqual(4);
  if (a.claimedLevel !== null) {
    expect([0, 1, 2, 3, 4]).toContain(a.claimedLevel);
  }
  expect(a.checks.map(c => c.id)).toEqual(CHECK_IDS);
  expectWellFormedProblems(a.problems);
  for (const r of a.recommendations) {
    expect(r.level).toBeGreaterThan(a.level);
    expect(r.level).toBeLessThanOrEqual(4);
  }
  if (a.level < 4) expect(a.recommendations[0].level).toBe(a.level + 1);
  expect(() => JSON.stringify(toContractJson(a))).not.toThrow();
}

describe('robustness', () => {
  it('never throws on arbitrary annotation maps and owners', () => {
    fc.assert(
      fc.property(annotationsArb, ownerArb, (annotations, owner) => {
        const entity = entityOf(annotations as Record<string, unknown>, owner);
        expectSound(assessEntity(entity, { now: NOW }));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps __proto__, constructor and toString as plain keys', () => {
    const annotations = JSON.parse(
      '{"__proto__": "x", "mlops/__proto__": {"a": 1}, "constructor": 1, "mlops/constructor": "y", "mlops/toString": "z", "mlops/waiver.__proto__": "r; until 2099-01-01"}',
    );
    expect(Object.keys(annotations)).toContain('__proto__');
    const a = assessEntity(entityOf(annotations, 'ml-team'), { now: NOW });
    expectSound(a);
    expect(a.problems.map(p => p.annotation).sort()).toEqual(
      [
        'mlops/__proto__',
        'mlops/constructor',
        'mlops/toString',
        'mlops/waiver.__proto__',
      ].sort(),
    );
  });

  it.each(HUGE.map(v => [v.slice(0, 12), v]))(
    'copes with a 1 MB value (%j…) on every known key',
    (_shown, value) => {
      const annotations = Object.fromEntries(
        [...KNOWN_KEYS, ...WAIVER_KEYS].map(k => [k, value]),
      );
      const a = assessEntity(entityOf(annotations, 'ml-team'), { now: NOW });
      expectSound(a);
      for (const p of a.problems) {
        // A problem quotes a value, it does not repeat a megabyte of it.
        expect(p.message.length).toBeLessThan(2000);
      }
      for (const c of a.checks.filter(ch => !ch.waived)) {
        expect(c.message.length).toBeLessThan(2000);
      }
    },
  );

  it('never throws on malformed entities', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (metadata, spec) => {
        const entity = {
          kind: 'Component',
          metadata,
          spec,
        } as unknown as MaturityEntity;
        expectSound(assessEntity(entity, { now: NOW }));
      }),
      { numRuns: RUNS },
    );
  });

  it('builds a context from arbitrary entities without throwing', () => {
    const entityArb = fc.record({
      kind: fc.constantFrom('Group', 'User', 'Component', 'Resource'),
      metadata: fc.record({
        name: fc.oneof(fc.string(), fc.anything()),
        namespace: fc.oneof(fc.string(), fc.anything()),
        annotations: annotationsArb,
      }),
      spec: fc.oneof(
        fc.record({
          type: fc.constantFrom('ml-model', 'team', 'service'),
          owner: ownerArb,
          memberOf: fc.oneof(fc.array(fc.string()), fc.anything()),
        }),
        fc.anything(),
      ),
      relations: fc.oneof(
        fc.array(
          fc.record({
            type: fc.constantFrom('hasMember', 'memberOf', 'ownedBy'),
            targetRef: fc.oneof(fc.string(), fc.anything()),
          }),
        ),
        fc.constant(undefined),
        fc.anything(),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(entityArb, fc.anything()), { maxLength: 8 }),
        ownerArb,
        (entities, owner) => {
          const context = buildAssessmentContext(
            entities as unknown as MaturityEntity[],
          );
          expectSound(assessEntity(entityOf({}, owner), { context, now: NOW }));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

/** What scoreEntity must return, read off the full assessment. */
function scoreOf(a: MaturityAssessment) {
  return {
    entityRef: a.entityRef,
    level: a.level,
    targetLevel: a.targetLevel,
    targetReason: a.targetReason,
    claimedLevel: a.claimedLevel,
    failingChecks: a.checks.filter(c => !c.passed).map(c => c.id),
    waivedChecks: a.checks.filter(c => c.waived).map(c => c.id),
    errors: a.problems.filter(p => p.severity === 'error').length,
    warnings: a.problems.filter(p => p.severity === 'warning').length,
  };
}

describe('scoreEntity, the fast path of fleet refreshes', () => {
  // Groups of one and of three members, and an owner of two ML components,
  // so that ownership and the owner-count target both vary.
  const org: MaturityEntity[] = [
    { kind: 'Group', metadata: { name: 'ml-team' } },
    { kind: 'Group', metadata: { name: 'solo' } },
    ...['a', 'b', 'c'].map(n => ({
      kind: 'User',
      metadata: { name: n },
      spec: { memberOf: ['ml-team'] },
    })),
    { kind: 'User', metadata: { name: 'd' }, spec: { memberOf: ['solo'] } },
    ...['x', 'y'].map(n => ({
      kind: 'Component',
      metadata: { name: n },
      spec: { type: 'ml-model', owner: 'ml-team' },
    })),
  ];
  const context = buildAssessmentContext(org);
  const contexts = [undefined, context];
  const nows = [NOW, new Date('2100-01-01T00:00:00Z')];

  it('agrees with assessEntity on generated entities', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom(...contexts),
        fc.constantFrom(...nows),
        fc.constantFrom('ml-team', 'solo', 'group:default/ml-team', 'user:d'),
        (c, ctx, now, owner) => {
          const entity = entityOf(c.annotations, owner);
          expect(scoreEntity(entity, { context: ctx, now })).toEqual(
            scoreOf(assessEntity(entity, { context: ctx, now })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with assessEntity on arbitrary annotations and owners', () => {
    fc.assert(
      fc.property(
        annotationsArb,
        ownerArb,
        fc.constantFrom(...contexts),
        (annotations, owner, ctx) => {
          const entity = entityOf(
            annotations as Record<string, unknown>,
            owner,
          );
          expect(scoreEntity(entity, { context: ctx, now: NOW })).toEqual(
            scoreOf(assessEntity(entity, { context: ctx, now: NOW })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('settles a score early only as the whole catalog decides it', () => {
    // The catalog of the context above, a User's component and the entity,
    // read in any order and cut anywhere: what the entities read so far
    // settle must be the score with everything read.
    const others: MaturityEntity[] = [
      ...org,
      {
        kind: 'Component',
        metadata: { name: 'z' },
        spec: { type: 'ml-model', owner: 'user:d' },
      },
    ];
    let settled = 0;
    let unsettled = 0;
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom('ml-team', 'solo', 'group:default/ml-team', 'user:d'),
        fc.array(fc.nat(), { minLength: others.length + 1 }),
        fc.nat(others.length + 1),
        (c, owner, keys, cut) => {
          const entity = entityOf(c.annotations, owner);
          const catalog = [...others, entity]
            .map((e, i) => ({ e, key: keys[i] }))
            .sort((p, q) => p.key - q.key)
            .map(({ e }) => e);
          const soFar = new AssessmentContextBuilder();
          catalog.slice(0, cut).forEach(e => soFar.add(e));
          const score = settledScore(
            partialScoreOf(entity, { now: NOW }),
            soFar,
          );
          if (score === undefined) {
            unsettled++;
            return;
          }
          settled++;
          expect(score).toEqual(
            scoreEntity(entity, {
              context: buildAssessmentContext(catalog),
              now: NOW,
            }),
          );
        },
      ),
      { numRuns: 500 },
    );
    // Both outcomes happen, so the comparison above ran.
    expect(settled).toBeGreaterThan(50);
    expect(unsettled).toBeGreaterThan(50);
  });

  it('shares one frozen list between scores that fail the same checks, and lists them alike past 30 checks', () => {
    const bare = entityOf({}, 'ml-team');
    const same = entityOf({}, 'solo');
    const a = scoreEntity(bare, { context, now: NOW });
    const b = scoreEntity(same, { now: NOW });
    expect(a.failingChecks.length).toBeGreaterThan(10);
    expect(b.failingChecks).toBe(a.failingChecks);
    expect(Object.isFrozen(a.failingChecks)).toBe(true);
    // Too many checks for the bit mask: lists made one by one.
    const wide = {
      ...defaultRubric,
      checks: [
        ...defaultRubric.checks,
        ...defaultRubric.checks.map(ch => ({ ...ch, id: `${ch.id}-again` })),
      ],
    };
    expect(wide.checks.length).toBeGreaterThan(30);
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...contexts), (c, ctx) => {
        const entity = entityOf(c.annotations, 'ml-team');
        const options = { rubric: wide, context: ctx, now: NOW };
        const score = scoreEntity(entity, options);
        expect(score).toEqual(scoreOf(assessEntity(entity, options)));
        expect(Object.isFrozen(score.failingChecks)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('agrees with assessEntity on malformed entities', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (metadata, spec) => {
        const entity = {
          kind: 'Component',
          metadata,
          spec,
        } as unknown as MaturityEntity;
        expect(scoreEntity(entity, { now: NOW })).toEqual(
          scoreOf(assessEntity(entity, { now: NOW })),
        );
      }),
      { numRuns: RUNS },
    );
  });
});
