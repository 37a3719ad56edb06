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

import path from 'node:path';
import request from 'supertest';
import {
  BackstageCredentials,
  PermissionsService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  MaturityAssessment,
  toContractJson,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { mlopsMaturityPlugin } from './plugin';
import {
  examplesDir,
  expectedAssessments,
  loadExampleEntities,
} from './__testUtils__/examples';
import { closingDatabaseServiceFactory } from './__testUtils__/databases';

const MALLORY = 'user:default/mallory';
const NOBODY = 'user:default/nobody';
const HIDDEN_OWNER = 'group:default/team-fraud';

/** Mallory may not read team-fraud's entities; nobody may read nothing. */
function decide(credentials: BackstageCredentials): PolicyDecision {
  const principal = credentials.principal as { userEntityRef?: string };
  if (principal.userEntityRef === NOBODY) {
    return { result: AuthorizeResult.DENY };
  }
  if (principal.userEntityRef === MALLORY) {
    const decision: ConditionalPolicyDecision = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        not: {
          rule: 'HAS_SPEC',
          resourceType: 'catalog-entity',
          params: { key: 'owner', value: HIDDEN_OWNER },
        },
      },
    };
    return decision;
  }
  return { result: AuthorizeResult.ALLOW };
}

const fakePermissions = {
  authorize: async (requests: unknown[]) =>
    requests.map((): PolicyDecision => ({ result: AuthorizeResult.ALLOW })),
  authorizeConditional: async (
    requests: unknown[],
    options: { credentials: BackstageCredentials },
  ) => requests.map(() => decide(options.credentials)),
} as unknown as PermissionsService;

const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => fakePermissions,
});

const expected = expectedAssessments();
const exampleEntities = loadExampleEntities();
const API = '/api/mlops-maturity';
const user = mockCredentials.user.header();
const mallory = mockCredentials.user.header(MALLORY);
const nobody = mockCredentials.user.header(NOBODY);

function ownerOf(ref: string): string {
  const entity = exampleEntities.find(e => stringifyEntityRef(e) === ref)!;
  return String(entity.spec!.owner);
}

async function startBackend(extraConfig: object = {}) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      mlopsMaturityPlugin,
      permissionsFactory,
      closingDatabaseServiceFactory,
      // The real registry, which serves the actions over HTTP as the
      // actions service (and so MCP) calls them.
      actionsRegistryServiceFactory,
      // Requests without an Authorization header are unauthenticated.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            locations: [
              {
                type: 'file',
                target: path.join(examplesDir, 'catalog-info.yaml'),
              },
            ],
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Domain',
                  'API',
                  'Group',
                  'User',
                  'Location',
                  'Resource',
                ],
              },
            ],
          },
          mlopsMaturity: {
            schedule: { frequency: { hours: 10 }, initialDelay: { hours: 1 } },
            ...extraConfig,
          },
        },
      }),
    ],
  });
  const server = backend.server;
  // Wait until the catalog holds every example entity with its relations.
  const service = mockCredentials.service.header();
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await request(server)
      .get('/api/catalog/entities')
      .set('authorization', service);
    const entities: any[] = res.status === 200 ? res.body : [];
    const ready =
      exampleEntities.every(e =>
        entities.some(x => stringifyEntityRef(x) === stringifyEntityRef(e)),
      ) &&
      entities
        .filter(x => x.kind === 'Group')
        .every(
          g =>
            g.relations?.some((r: any) => r.type === 'hasMember') ||
            !exampleEntities.some(
              u =>
                u.kind === 'User' &&
                (u.spec?.memberOf as string[])?.includes(g.metadata.name),
            ),
        ) &&
      entities
        .filter(x => expected.has(stringifyEntityRef(x)))
        .every(x => x.relations?.some((r: any) => r.type === 'ownedBy'));
    if (ready) break;
    if (Date.now() > deadline) throw new Error('catalog did not settle');
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  const refresh = await request(server)
    .post(`${API}/refresh`)
    .set('authorization', service);
  expect(refresh.status).toBe(200);
  expect(refresh.body.entityCount).toBe(expected.size);
  return backend;
}

describe('mlops-maturity backend with the real catalog', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const get = (url: string, auth: string | null = user) => {
    const req = request(backend.server).get(`${API}${url}`);
    return auth ? req.set('authorization', auth) : req;
  };

  beforeAll(async () => {
    backend = await startBackend();
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it('lists every ML component at the level the engine computes', async () => {
    const res = await get('/fleet?limit=500');
    expect(res.status).toBe(200);
    expect(res.body.totalItems).toBe(expected.size);
    const byRef = new Map(res.body.items.map((r: any) => [r.entityRef, r]));
    expect([...byRef.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [ref, a] of expected) {
      const row: any = byRef.get(ref);
      expect({
        ref,
        level: row.level,
        target: row.targetLevel,
        claimed: row.claimedLevel,
      }).toEqual({
        ref,
        level: a.level,
        target: a.targetLevel,
        claimed: a.claimedLevel,
      });
      expect(row.levelName).toBe(a.levelName);
      expect(row.failingChecks.ids).toEqual(
        a.checks.filter(c => !c.passed).map(c => c.id),
      );
      expect(row.problems).toBe(a.problems.length);
      expect(row.gap).toBe(Math.max(0, a.targetLevel - a.level));
    }
    const levels: Record<string, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 };
    for (const a of expected.values()) levels[a.level]++;
    expect(res.body.facets.levels).toEqual(levels);
    expect(res.body.generatedAt).toEqual(expect.any(String));
    expect(res.body.dataAge).toEqual(expect.any(Number));
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters the fleet', async () => {
    const all = [...expected.entries()];
    const refsOf = (res: request.Response) =>
      res.body.items.map((r: any) => r.entityRef).sort();
    const expectRefs = (
      pred: (a: MaturityAssessment, ref: string) => boolean,
    ) =>
      all
        .filter(([ref, a]) => pred(a, ref))
        .map(([ref]) => ref)
        .sort();

    expect(refsOf(await get('/fleet?level=3&limit=500'))).toEqual(
      expectRefs(a => a.level === 3),
    );
    expect(refsOf(await get('/fleet?minLevel=2&maxLevel=3'))).toEqual(
      expectRefs(a => a.level >= 2 && a.level <= 3),
    );
    expect(refsOf(await get('/fleet?belowTarget=true'))).toEqual(
      expectRefs(a => a.level < a.targetLevel),
    );
    expect(refsOf(await get('/fleet?owner=team-fraud'))).toEqual(
      expectRefs((_a, ref) => ownerOf(ref) === 'group:default/team-fraud'),
    );
    // Any form of ref the catalog accepts names the same owner.
    for (const owner of [
      'group:team-fraud',
      'default/team-fraud',
      'Group:Default/team-fraud',
    ]) {
      expect(refsOf(await get(`/fleet?owner=${owner}`))).toEqual(
        expectRefs((_a, ref) => ownerOf(ref) === 'group:default/team-fraud'),
      );
    }
    expect(refsOf(await get('/fleet?system=lending-decisions'))).toEqual(
      expectRefs(
        (_a, ref) =>
          exampleEntities.find(e => stringifyEntityRef(e) === ref)?.spec
            ?.system === 'lending-decisions',
      ),
    );
    expect(refsOf(await get('/fleet?owner=user:default/judy'))).toEqual(
      expectRefs((_a, ref) => ownerOf(ref) === 'user:default/judy'),
    );
    expect(refsOf(await get('/fleet?failingCheck=gpu-utilization'))).toEqual(
      expectRefs(a =>
        a.checks.some(c => c.id === 'gpu-utilization' && !c.passed),
      ),
    );
    expect(refsOf(await get('/fleet?waived=true'))).toEqual(
      expectRefs(a => a.checks.some(c => c.waived)),
    );
    expect(refsOf(await get('/fleet?type=ml-pipeline'))).toEqual(
      expectRefs((_a, ref) =>
        exampleEntities.some(
          e => stringifyEntityRef(e) === ref && e.spec?.type === 'ml-pipeline',
        ),
      ),
    );
    expect(refsOf(await get('/fleet?q=FRAUD'))).toEqual(
      expectRefs((_a, ref) => ref.includes('fraud')),
    );
    for (const [param, value, kind, example] of [
      ['owner', 'group:', 'group', 'group:default/team-a'],
      ['system', 'default/', 'system', 'system:default/payments'],
      ['domain', ':lending', 'domain', 'domain:default/lending'],
    ]) {
      const bad = await get(`/fleet.csv?${param}=${value}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        `Invalid query parameter "${param}": must be an entity ref, [<kind>:][<namespace>/]<name>, such as ${example} (a bare name means ${kind}:default/<name>)`,
      );
    }
    // Several refs, comma-separated: any of them (a team and its sub-teams).
    const twoOwners = [
      'group:default/team-fraud',
      'group:default/team-retention',
    ];
    expect(
      refsOf(await get('/fleet?owner=team-fraud,%20Group:team-retention')),
    ).toEqual(expectRefs((_a, ref) => twoOwners.includes(ownerOf(ref))));
    expect(
      (
        await get('/rollups?by=owner&owner=team-fraud,team-retention')
      ).body.items.map((r: { key: string }) => r.key),
    ).toEqual(twoOwners);
    const badItem = await get('/fleet?owner=team-fraud,group:');
    expect(badItem.status).toBe(400);
    expect(badItem.body.error.message).toBe(
      'Invalid query parameter "owner": "group:" must be an entity ref, [<kind>:][<namespace>/]<name>, such as group:default/team-a (a bare name means group:default/<name>); several refs are separated by commas',
    );
    const long = await get(`/fleet?owner=${'a'.repeat(256)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toBe(
      'Invalid query parameter "owner": is too long: an entity ref has at most 255 characters',
    );
    const tooMany = await get(
      `/fleet?owner=${Array.from({ length: 101 }, (_, i) => `t${i}`).join(
        ',',
      )}`,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toBe(
      'Invalid query parameter "owner": lists 101 entity refs; at most 100, separated by commas',
    );
    const facets = (await get('/fleet?owner=team-fraud')).body.facets;
    expect(facets.owners).toEqual([
      { owner: 'group:default/team-fraud', count: 3 },
    ]);
  });

  it('pages through the fleet with an opaque cursor in every sort', async () => {
    for (const sort of ['entityRef', '-level', 'gap', '-title']) {
      const full = (await get(`/fleet?sort=${sort}&limit=500`)).body.items.map(
        (r: any) => r.entityRef,
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await get(
          `/fleet?sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...res.body.items.map((r: any) => r.entityRef));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(full);
    }
    const levels = (await get('/fleet?sort=-level&limit=500')).body.items.map(
      (r: any) => r.level,
    );
    expect(levels).toEqual([...levels].sort((a, b) => b - a));
  });

  it('rolls up by owner, system and domain', async () => {
    const res = await get('/rollups?by=owner');
    expect(res.status).toBe(200);
    const fraud = res.body.items.find(
      (r: any) => r.key === 'group:default/team-fraud',
    );
    const fraudLevels = [...expected.entries()]
      .filter(([ref]) => ownerOf(ref) === 'group:default/team-fraud')
      .map(([, a]) => a);
    expect(fraud.total).toBe(fraudLevels.length);
    expect(fraud.atOrAboveTarget).toBe(
      fraudLevels.filter(a => a.level >= a.targetLevel).length,
    );
    const sorted = fraudLevels.map(a => a.level).sort();
    expect(fraud.medianLevel).toBe(sorted[1]);
    const total = res.body.items.reduce((s: number, r: any) => s + r.total, 0);
    expect(total).toBe(expected.size);
    for (const by of ['system', 'domain']) {
      const r = await get(`/rollups?by=${by}`);
      expect(r.status).toBe(200);
      expect(r.body.items.reduce((s: number, x: any) => s + x.total, 0)).toBe(
        expected.size,
      );
    }
    expect((await get('/rollups?by=planet')).status).toBe(400);
  });

  it('exports CSV with the same filters', async () => {
    const res = await get('/fleet.csv?minLevel=3&sort=-level');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^entityRef,title,owner,/);
    expect(lines.length - 1).toBe(
      [...expected.values()].filter(a => a.level >= 3).length,
    );
  });

  it('serves the live assessment of one entity', async () => {
    const ref = 'component:default/income-verification-model';
    const res = await get(
      '/entities/component/default/income-verification-model/assessment',
    );
    expect(res.status).toBe(200);
    const want = expected.get(ref)!;
    expect(res.body.level).toBe(want.level);
    expect(res.body.targetLevel).toBe(want.targetLevel);
    expect(res.body.targetReason).toBe(want.targetReason);
    expect(res.body.checks).toEqual(want.checks);
    expect(res.body.mlComponent.isMlComponent).toBe(true);
    for (const [r, a] of expected) {
      const [, ns, name] = /^component:([^/]+)\/(.+)$/.exec(r)!;
      const live = await get(`/entities/component/${ns}/${name}/assessment`);
      expect({
        r,
        level: live.body.level,
        target: live.body.targetLevel,
      }).toEqual({ r, level: a.level, target: a.targetLevel });
    }
  });

  it('answers 404 for non-ML and missing entities, 400 for bad input, 401 without credentials', async () => {
    const nonMl = await get(
      '/entities/component/default/loan-application-portal/assessment',
    );
    expect(nonMl.status).toBe(404);
    expect(nonMl.body.error.message).toMatch(
      /is not an ML component: its spec.type "website"/,
    );
    const missing = await get(
      '/entities/component/default/no-such-thing/assessment',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.name).toBe('NotFoundError');
    expect(
      (await get('/history/entity/component/default/no-such-thing')).status,
    ).toBe(404);
    expect(
      (await get('/badge/component/default/loan-application-portal')).status,
    ).toBe(404);

    for (const [url, param] of [
      ['/fleet?level=9', 'level'],
      ['/fleet?sort=bogus', 'sort'],
      ['/fleet?limit=0', 'limit'],
      ['/fleet?limit=501', 'limit'],
      ['/fleet?belowTarget=maybe', 'belowTarget'],
      ['/fleet?failingCheck=nope', 'failingCheck'],
      ['/fleet?cursor=xyz', 'cursor'],
      ['/fleet?colour=red', 'colour'],
      ['/fleet?level=1&level=2', 'level'],
      ['/changes?limit=abc', 'limit'],
      ['/entities/component/default/bad%20name/assessment', 'name'],
    ]) {
      const res = await get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(param);
    }

    for (const url of [
      '/fleet',
      '/fleet.csv',
      '/rollups?by=owner',
      '/changes',
      '/history/fleet',
      '/rubric',
      '/badge/component/default/churn-prediction',
      '/entities/component/default/churn-prediction/assessment',
    ]) {
      expect({ url, status: (await get(url, null)).status }).toEqual({
        url,
        status: 401,
      });
    }
    const asUser = await request(backend.server)
      .post(`${API}/refresh`)
      .set('authorization', user);
    expect(asUser.status).toBe(403);
  });

  it('serves badges, history, changes and the rubric', async () => {
    const badge = await get('/badge/component/default/credit-default-model');
    expect(badge.status).toBe(200);
    expect(badge.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const want = expected.get('component:default/credit-default-model')!;
    expect(badge.body.toString()).toContain(`L${want.level} ${want.levelName}`);

    const history = await get(
      '/history/entity/component/default/credit-default-model',
    );
    expect(history.status).toBe(200);
    expect(history.body.levels.at(-1).level).toBe(want.level);

    const fleetHistory = await get('/history/fleet');
    expect(fleetHistory.status).toBe(200);
    const today = fleetHistory.body.days.at(-1);
    expect(
      Object.values(today.levels).reduce((a: any, b: any) => a + b, 0),
    ).toBe(expected.size);

    const changes = await get('/changes?limit=5');
    expect(changes.status).toBe(200);
    expect(changes.body.items).toHaveLength(5);
    const rest = await get(
      `/changes?limit=200&cursor=${changes.body.nextCursor}`,
    );
    const refs = [...changes.body.items, ...rest.body.items].map(
      (c: any) => c.entityRef,
    );
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.length).toBeGreaterThanOrEqual(expected.size);

    const rubric = await get('/rubric');
    expect(rubric.body.levels.map((l: any) => l.name)).toEqual([
      'Manual',
      'Managed',
      'Automated',
      'Governed',
      'Optimized',
    ]);
    expect(rubric.body.checks).toHaveLength(19);
    expect(rubric.body.climb).toHaveLength(4);
  });

  it('never shows what the caller may not read (CONDITIONAL)', async () => {
    const hidden = [...expected.keys()].filter(
      r => ownerOf(r) === HIDDEN_OWNER,
    );
    expect(hidden.length).toBeGreaterThan(0);
    const visible = [...expected.keys()].filter(r => !hidden.includes(r));

    const fleet = await get('/fleet?limit=500', mallory);
    expect(fleet.body.items.map((r: any) => r.entityRef).sort()).toEqual(
      visible.sort(),
    );
    expect(fleet.body.totalItems).toBe(visible.length);
    const facetTotal = Object.values(fleet.body.facets.levels).reduce(
      (a: any, b: any) => a + b,
      0,
    );
    expect(facetTotal).toBe(visible.length);
    expect(fleet.body.facets.owners.map((o: any) => o.owner)).not.toContain(
      HIDDEN_OWNER,
    );

    const rollups = await get('/rollups?by=owner', mallory);
    expect(rollups.body.items.map((r: any) => r.key)).not.toContain(
      HIDDEN_OWNER,
    );
    const csv = await get('/fleet.csv', mallory);
    for (const ref of hidden) expect(csv.text).not.toContain(ref);
    expect(csv.text.trim().split('\r\n')).toHaveLength(visible.length + 1);

    const changes = await get('/changes?limit=200', mallory);
    for (const c of changes.body.items)
      expect(hidden).not.toContain(c.entityRef);
    const days = (await get('/history/fleet', mallory)).body.days;
    expect(
      Object.values(days.at(-1).levels).reduce((a: any, b: any) => a + b, 0),
    ).toBe(visible.length);

    const missing = await get(
      '/entities/component/default/no-such-model/assessment',
      mallory,
    );
    for (const ref of hidden) {
      const name = ref.split('/')[1];
      for (const url of [
        `/entities/component/default/${name}/assessment`,
        `/history/entity/component/default/${name}`,
        `/badge/component/default/${name}`,
      ]) {
        const res = await get(url, mallory);
        expect({ url, status: res.status }).toEqual({ url, status: 404 });
      }
      const res = await get(
        `/entities/component/default/${name}/assessment`,
        mallory,
      );
      expect(res.body.error.message).toBe(
        missing.body.error.message.replace('no-such-model', name),
      );
    }
    // The same user without the condition sees them.
    expect(
      (
        await get(
          `/entities/component/default/${hidden[0].split('/')[1]}/assessment`,
        )
      ).status,
    ).toBe(200);
  });

  it('shows nothing when reading the catalog is denied', async () => {
    const fleet = await get('/fleet', nobody);
    expect(fleet.status).toBe(200);
    expect(fleet.body.items).toEqual([]);
    expect(fleet.body.facets.owners).toEqual([]);
    expect((await get('/rollups?by=owner', nobody)).body.items).toEqual([]);
    expect((await get('/changes', nobody)).body.items).toEqual([]);
  });

  const invoke = (name: string, input: object, auth: string = user) =>
    request(backend.server)
      .post(
        `${API}/.backstage/actions/v1/actions/mlops-maturity:${name}/invoke`,
      )
      .set('authorization', auth)
      .send(input);

  it('offers its actions, each read-only', async () => {
    const res = await get('/.backstage/actions/v1/actions');
    expect(res.status).toBe(200);
    expect(res.body.actions.map((a: any) => a.id).sort()).toEqual([
      'mlops-maturity:get-entity-maturity',
      'mlops-maturity:get-maturity-rubric',
      'mlops-maturity:list-ml-components-by-maturity',
    ]);
    for (const action of res.body.actions) {
      expect(action.attributes).toEqual({
        readOnly: true,
        destructive: false,
        idempotent: true,
      });
    }
  });

  it('assesses one component through an action, as the CLI would, with the target reason', async () => {
    for (const [ref, want] of expected) {
      const name = ref.split('/')[1];
      const res = await invoke('get-entity-maturity', { entityRef: name });
      expect(res.status).toBe(200);
      expect(res.body.output).toEqual({
        ...toContractJson(want),
        targetReason: want.targetReason,
      });
    }
    const full = await invoke('get-entity-maturity', {
      entityRef: 'Component:default/churn-prediction',
    });
    expect(full.body.output.entityRef).toBe(
      'component:default/churn-prediction',
    );

    const bad = await invoke('get-entity-maturity', { entityRef: 'x:' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid input "entityRef": must be an entity ref, [<kind>:][<namespace>/]<name>, such as component:default/churn-model (a bare name means component:default/<name>)',
    );
    expect(
      (await invoke('get-entity-maturity', { entityRef: 'no-such-model' }))
        .status,
    ).toBe(404);
    expect((await invoke('get-entity-maturity', {})).status).toBe(400);
  });

  it('lists the fleet through an action, with the filters and pages of the route', async () => {
    const res = await invoke('list-ml-components-by-maturity', {
      belowTarget: true,
      owner: 'team-credit-risk',
      sort: '-gap',
      limit: 2,
    });
    expect(res.status).toBe(200);
    const route = await get(
      '/fleet?belowTarget=true&owner=team-credit-risk&sort=-gap&limit=2',
    );
    expect(res.body.output.items).toEqual(route.body.items);
    expect(res.body.output.totalItems).toBe(route.body.totalItems);
    expect(res.body.output.totalItems).toBeGreaterThan(2);
    const next = await invoke('list-ml-components-by-maturity', {
      belowTarget: true,
      owner: 'team-credit-risk',
      sort: '-gap',
      limit: 2,
      cursor: res.body.output.nextCursor,
    });
    expect(next.body.output.items).toEqual(
      (
        await get(
          `/fleet?belowTarget=true&owner=team-credit-risk&sort=-gap&limit=2&cursor=${route.body.nextCursor}`,
        )
      ).body.items,
    );

    // Several owners, as the route takes them.
    const both = await invoke('list-ml-components-by-maturity', {
      owner: 'team-credit-risk,team-fraud',
      limit: 100,
    });
    expect(both.body.output.items).toEqual(
      (await get('/fleet?owner=team-credit-risk,team-fraud&limit=100')).body
        .items,
    );
    expect(
      new Set(both.body.output.items.map((i: { owner: string }) => i.owner)),
    ).toEqual(
      new Set(['group:default/team-credit-risk', 'group:default/team-fraud']),
    );

    for (const input of [
      { failingCheck: 'no-such-check' },
      { level: 9 },
      { limit: 1000 },
      { sort: 'size' },
      { owner: 'group:' },
      { owner: 'team-fraud,,team-web' },
      { cursor: 'garbage' },
      { type: '' },
    ]) {
      const bad = await invoke('list-ml-components-by-maturity', input);
      expect({ input, status: bad.status }).toEqual({ input, status: 400 });
    }
    const rubric = await invoke('get-maturity-rubric', {});
    expect(rubric.body.output).toEqual((await get('/rubric')).body);
  });

  it('shows through its actions only what the caller may read', async () => {
    const hidden = [...expected.keys()].filter(
      r => ownerOf(r) === HIDDEN_OWNER,
    );
    for (const ref of hidden) {
      const res = await invoke(
        'get-entity-maturity',
        { entityRef: ref },
        mallory,
      );
      expect(res.status).toBe(404);
    }
    const listed = await invoke(
      'list-ml-components-by-maturity',
      { limit: 100 },
      mallory,
    );
    expect(listed.body.output.totalItems).toBe(expected.size - hidden.length);
    for (const row of listed.body.output.items)
      expect(hidden).not.toContain(row.entityRef);
    const none = await invoke('list-ml-components-by-maturity', {}, nobody);
    expect(none.body.output).toMatchObject({ totalItems: 0, items: [] });
    const anonymous = await request(backend.server)
      .post(
        `${API}/.backstage/actions/v1/actions/mlops-maturity:get-entity-maturity/invoke`,
      )
      .send({ entityRef: 'churn-prediction' });
    expect(anonymous.status).toBe(401);
  });

  it('does not write history again when nothing changed', async () => {
    const before = (await get('/changes?limit=200')).body.items.length;
    const again = await request(backend.server)
      .post(`${API}/refresh`)
      .set('authorization', mockCredentials.service.header());
    expect(again.status).toBe(200);
    expect(again.body.changes).toBe(0);
    expect((await get('/changes?limit=200')).body.items.length).toBe(before);
  });
});

describe('public badges', () => {
  it('serves badges without credentials only when configured', async () => {
    const backend = await startBackend({ badges: { public: true } });
    try {
      const res = await request(backend.server).get(
        `${API}/badge/component/default/credit-default-model`,
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const other = await request(backend.server).get(`${API}/fleet`);
      expect(other.status).toBe(401);
    } finally {
      await backend.stop();
    }
  }, 120_000);
});
