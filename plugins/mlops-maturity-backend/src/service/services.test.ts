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

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  assessEntity,
  buildAssessmentContext,
  contextFromOwnerFacts,
  OwnerFacts,
  defaultRubric,
  scoreEntity,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { AssessmentService } from './AssessmentService';
import { csvCell, fleetCsv, levelBadge } from './render';
import { toRollups } from './fleet';
import { readMaturityOptions } from './options';
import { CatalogFleetReader, FLEET_FIELDS } from './CatalogFleetReader';
import { FleetScorer } from './FleetScorer';
import { toSnapshotEntry } from './snapshotEntry';

describe('csv', () => {
  it('quotes and guards against formula injection', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(null)).toBe('');
    expect(fleetCsv([])).toMatch(/^entityRef,title,/);
  });

  it('escapes badge text', () => {
    expect(levelBadge(2, '<b>')).toContain('L2 &#60;b&#62;');
  });
});

describe('roll-ups from counts', () => {
  it('groups counts by key, sorted by key', () => {
    const rollups = toRollups(
      [
        { key: 'group:default/b', level: 1, count: 2, atOrAboveTarget: 0 },
        { key: 'group:default/b', level: 3, count: 1, atOrAboveTarget: 1 },
        { key: null, level: 0, count: 1, atOrAboveTarget: 1 },
      ],
      defaultRubric,
    );
    expect(rollups).toEqual([
      {
        key: null,
        total: 1,
        levels: { 0: 1, 1: 0, 2: 0, 3: 0, 4: 0 },
        atOrAboveTarget: 1,
        shareAtOrAboveTarget: 1,
        medianLevel: 0,
      },
      {
        key: 'group:default/b',
        total: 3,
        levels: { 0: 0, 1: 2, 2: 0, 3: 1, 4: 0 },
        atOrAboveTarget: 1,
        shareAtOrAboveTarget: 1 / 3,
        medianLevel: 1,
      },
    ]);
  });
});

describe('readMaturityOptions', () => {
  it('has defaults', () => {
    const options = readMaturityOptions(new ConfigReader({}));
    expect(options).toEqual({
      rubric: defaultRubric,
      schedule: {
        frequency: { minutes: 30 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 15 },
        scope: undefined,
      },
      badgesPublic: false,
      notifyLevelDrops: false,
      deprecations: [],
    });
    expect(
      readMaturityOptions(
        new ConfigReader({
          mlopsMaturity: { notifications: { levelDrops: true } },
        }),
      ).notifyLevelDrops,
    ).toBe(true);
  });

  it('refuses a malformed rubric with the validator message', () => {
    expect(() =>
      readMaturityOptions(
        new ConfigReader({ mlopsMaturity: { rubric: { levels: 'five' } } }),
      ),
    ).toThrow(/mlopsMaturity\.rubric/);
  });

  it('accepts a full rubric and an mlTypes override', () => {
    const options = readMaturityOptions(
      new ConfigReader({
        mlopsMaturity: {
          rubric: JSON.parse(JSON.stringify(defaultRubric)),
          mlTypes: ['model'],
          schedule: { frequency: { minutes: 5 } },
          badges: { public: true },
        },
      }),
    );
    expect(options.rubric.mlTypes).toEqual(['model']);
    expect(options.schedule).toMatchObject({
      frequency: { minutes: 5 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 15 },
    });
    expect(options.badgesPublic).toBe(true);
  });

  it('reads the standard schedule config, durations in any of its forms', () => {
    const options = readMaturityOptions(
      new ConfigReader({
        mlopsMaturity: {
          schedule: {
            frequency: { cron: '0 */6 * * *' },
            timeout: 'PT20M',
            initialDelay: { minutes: 1 },
            scope: 'global',
          },
        },
      }),
    );
    expect(options.schedule).toEqual({
      frequency: { cron: '0 */6 * * *' },
      timeout: { minutes: 20 },
      initialDelay: { minutes: 1 },
      scope: 'global',
    });
    expect(() =>
      readMaturityOptions(
        new ConfigReader({
          mlopsMaturity: { schedule: { frequency: { lightyears: 2 } } },
        }),
      ),
    ).toThrow(/frequency/);
  });

  it('still reads the deprecated refresh.frequency, and says so', () => {
    const options = readMaturityOptions(
      new ConfigReader({
        mlopsMaturity: { refresh: { frequency: 5, timeout: 2 } },
      }),
    );
    expect(options.schedule).toMatchObject({
      frequency: { minutes: 5 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 15 },
    });
    expect(options.deprecations).toEqual([
      expect.stringContaining('mlopsMaturity.schedule'),
    ]);
    expect(() =>
      readMaturityOptions(
        new ConfigReader({ mlopsMaturity: { refresh: { frequency: 0 } } }),
      ),
    ).toThrow(/refresh\.frequency/);
    expect(() =>
      readMaturityOptions(
        new ConfigReader({
          mlopsMaturity: {
            refresh: { frequency: 5 },
            schedule: { frequency: { minutes: 5 } },
          },
        }),
      ),
    ).toThrow(/replaced by mlopsMaturity\.schedule/);
  });
});

describe('AssessmentService', () => {
  const component = (name: string, owner: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'mlops/model-registry': 'https://mlflow/m' },
    },
    spec: { type: 'ml-model', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  });
  const entities = [
    component('a', 'group:default/team'),
    component('b', 'group:default/team'),
    component('c', 'group:default/team'),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
  ];

  function service(
    ownerTtlMs?: number,
    store?: { getOwnerFacts(): Promise<ReadonlyMap<string, OwnerFacts>> },
  ) {
    const catalog = catalogServiceMock({ entities });
    const queryEntities = jest.spyOn(catalog, 'queryEntities');
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    const assessments = new AssessmentService({
      catalog,
      auth: mockServices.auth(),
      reader: new CatalogFleetReader(catalog, defaultRubric),
      rubric: defaultRubric,
      ownerTtlMs,
      store,
    });
    return { assessments, queryEntities, getEntityByRef };
  }
  const credentials = mockCredentials.user();
  const ref = (name: string) => ({
    kind: 'Component',
    namespace: 'default',
    name,
  });

  it('reads what it knows about an owner once per period, and the entity every time', async () => {
    const { assessments, queryEntities } = service();
    const first = await assessments.assess(ref('a'), credentials);
    const second = await assessments.assess(ref('b'), credentials);
    expect(queryEntities).toHaveBeenCalledTimes(1);
    // Three ML components of one owner: the target is raised for it.
    expect(first.assessment.targetReason).toBe(second.assessment.targetReason);
    expect(first.assessment.entityRef).toBe('component:default/a');
    expect(second.assessment.entityRef).toBe('component:default/b');
  });

  it('explains why an entity is or is not an ML component, in words', () => {
    const { assessments } = service();
    const withAnnotations = (n: number, type?: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'x',
        annotations: Object.fromEntries(
          ['mlops/model-registry', 'mlops/pipeline']
            .slice(0, n)
            .map(k => [k, 'yes']),
        ),
      },
      spec: type ? { type } : {},
    });
    expect(assessments.explain(withAnnotations(1, 'service')).reason).toBe(
      'it has 1 "mlops/" annotation',
    );
    expect(assessments.explain(withAnnotations(2, 'service')).reason).toBe(
      'it has 2 "mlops/" annotations',
    );
    expect(assessments.explain(withAnnotations(0, 'ml-model')).reason).toBe(
      'its spec.type "ml-model" is an ML type',
    );
    expect(assessments.explain(withAnnotations(0))).toEqual({
      isMlComponent: false,
      reason: 'it has no spec.type, and it has no "mlops/" annotation',
    });
  });

  it('reads the owner every time when the period is 0', async () => {
    const { assessments, queryEntities } = service(0);
    await assessments.assess(ref('a'), credentials);
    await assessments.assess(ref('b'), credentials);
    expect(queryEntities).toHaveBeenCalledTimes(2);
  });

  it('agrees with a context built from the whole fleet', async () => {
    const { assessments } = service();
    const live = await assessments.assess(ref('c'), credentials);
    const context = buildAssessmentContext(entities);
    expect(live.assessment).toEqual(
      assessEntity(entities[2], { context, now: new Date() }),
    );
  });

  it('takes the owner from the snapshot when it knows the owner, and reads only the entity', async () => {
    // The snapshot says the team had one member and one model: the live
    // catalog (no members, three models) must not be consulted.
    const facts = new Map<string, OwnerFacts>([
      ['group:default/team', { groupMemberCount: 1, mlComponentCount: 1 }],
    ]);
    const { assessments, queryEntities, getEntityByRef } = service(undefined, {
      getOwnerFacts: async () => facts,
    });
    const live = await assessments.assess(ref('a'), credentials);
    expect(queryEntities).not.toHaveBeenCalled();
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    expect(live.assessment).toEqual(
      assessEntity(entities[0], {
        context: contextFromOwnerFacts(facts),
        now: new Date(),
      }),
    );
    expect(live.assessment.targetReason).toBe('default');
  });

  it('reads the owner from the catalog when the snapshot does not know it or cannot be read', async () => {
    for (const getOwnerFacts of [
      async () => new Map<string, OwnerFacts>(),
      async () => {
        throw new Error('database down');
      },
    ]) {
      const { assessments, queryEntities } = service(undefined, {
        getOwnerFacts,
      });
      const live = await assessments.assess(ref('c'), credentials);
      expect(queryEntities).toHaveBeenCalledTimes(1);
      expect(live.assessment.targetReason).toBe('owner-components');
    }
  });

  it('does not remember a failed read of the owner', async () => {
    const { assessments, queryEntities } = service();
    queryEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(assessments.assess(ref('a'), credentials)).rejects.toThrow(
      /catalog down/,
    );
    await expect(
      assessments.assess(ref('a'), credentials),
    ).resolves.toBeDefined();
    expect(queryEntities).toHaveBeenCalledTimes(2);
  });
});

describe('CatalogFleetReader', () => {
  const relation = (type: string, targetRef: string) => ({ type, targetRef });
  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team', namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations: [relation('hasMember', 'user:default/ann')],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'bob', namespace: 'default' },
      spec: { memberOf: ['team'] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'risk', namespace: 'default' },
      spec: { owner: 'team', domain: 'finance' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'model',
        namespace: 'default',
        etag: 'etag-of-model',
        annotations: {
          'mlops/model-registry': 'https://mlflow/m',
          'backstage.io/source-location': 'url:https://git/x',
        },
      },
      spec: { type: 'ml-model', owner: 'team', system: 'risk' },
      relations: [relation('ownedBy', 'group:default/team')],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'website', namespace: 'default' },
      spec: { type: 'website', owner: 'team' },
    },
  ];

  it('reads every entity once, with the projection, and the scorer learns the memberships and domains', async () => {
    const catalog = catalogServiceMock({ entities });
    const queryEntities = jest.spyOn(catalog, 'queryEntities');
    const reader = new CatalogFleetReader(catalog, defaultRubric);
    const now = new Date('2026-06-01T00:00:00Z');
    const scorer = new FleetScorer(defaultRubric, now);
    const settled = [];
    for await (const page of reader.pages(
      undefined,
      FLEET_FIELDS,
      mockCredentials.service(),
    )) {
      // Only the fields asked for.
      expect(page.every(e => e.apiVersion === undefined)).toBe(true);
      settled.push(...scorer.addPage(page));
    }
    const rest = scorer.finish();

    expect(queryEntities).toHaveBeenCalledTimes(1);
    // Ann through the Group's relation, Bob through his spec.memberOf.
    const context = buildAssessmentContext(entities);
    expect(context.groupMemberCount('group:default/team')).toBe(2);
    const model = entities.find(e => e.metadata.name === 'model')!;
    expect([...settled, ...rest.entries]).toEqual([
      {
        ...toSnapshotEntry(
          model,
          scoreEntity(model, { context, now }),
          new Map([['system:default/risk', 'domain:default/finance']]),
        ),
        // The etag comes with the projection: what a later refresh keeps by.
        sourceKey: 'etag-of-model',
      },
    ]);
    expect([...settled, ...rest.entries][0].domain).toBe(
      'domain:default/finance',
    );
    expect(rest.ownerFacts).toEqual(
      new Map([
        ['group:default/team', { groupMemberCount: 2, mlComponentCount: 1 }],
      ]),
    );
  });
});
