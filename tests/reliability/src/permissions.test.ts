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

import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { exampleEntities } from './lib/entities';
import { API, startInProcess } from './lib/inProcess';
import { HIDDEN_OWNER, MALLORY, NOBODY } from './lib/policyModule';
import { recordFigures } from './lib/report';

const entities = exampleEntities();
const ml = entities.filter(
  e =>
    ['ml-model', 'ml-service', 'ml-pipeline'].includes(String(e.spec?.type)) ||
    Object.keys(e.metadata.annotations ?? {}).some(k => k.startsWith('mlops/')),
);
const hidden = ml.filter(e => e.spec?.owner === HIDDEN_OWNER);
const visible = ml.filter(e => e.spec?.owner !== HIDDEN_OWNER);
const admin = mockCredentials.user.header('user:default/admin');
const mallory = mockCredentials.user.header(MALLORY);
const nobody = mockCredentials.user.header(NOBODY);
/** Another plugin calling on Mallory's behalf. */
const malloryViaPlugin = mockCredentials.service.header({
  onBehalfOf: mockCredentials.user(MALLORY),
  targetPluginId: 'mlops-maturity',
});
const service = mockCredentials.service.header();

/** Every collection route, with the parameters that exercise it fully. */
const LIST_ROUTES = [
  '/fleet?limit=500',
  '/fleet?limit=500&sort=-level',
  `/fleet?owner=${encodeURIComponent(HIDDEN_OWNER)}`,
  `/fleet?owner=${encodeURIComponent(`${HIDDEN_OWNER},team-credit-risk`)}`,
  `/rollups?by=owner&owner=${encodeURIComponent(
    `${HIDDEN_OWNER},team-credit-risk`,
  )}`,
  '/fleet?q=fraud',
  '/fleet.csv',
  '/fleet.csv?owner=team-fraud',
  '/rollups?by=owner',
  '/rollups?by=system',
  '/rollups?by=domain',
  '/history/fleet',
  '/changes?limit=200',
  '/health',
];

/** Every route that names one entity. */
function entityRoutes(kind: string, ns: string, name: string) {
  return [
    `/entities/${kind}/${ns}/${name}/assessment`,
    `/history/entity/${kind}/${ns}/${name}`,
    `/badge/${kind}/${ns}/${name}`,
  ];
}

/** Every route of the plugin, for the credential checks. */
const ALL_ROUTES: Array<[string, string]> = [
  ...LIST_ROUTES.map(r => ['GET', r] as [string, string]),
  ['GET', '/rubric'],
  ['POST', '/refresh'],
  ...entityRoutes('component', 'default', 'credit-default-model').map(
    r => ['GET', r] as [string, string],
  ),
];

const figures = { requests: 0, leaks: 0 };

describe('permissions: a real catalog policy hides team-fraud from Mallory', () => {
  let backend: Awaited<ReturnType<typeof startInProcess>>;
  const call = (method: string, url: string, auth: string | null) => {
    figures.requests++;
    const req =
      method === 'POST'
        ? request(backend.server).post(`${API}${url}`)
        : request(backend.server).get(`${API}${url}`);
    return auth ? req.set('authorization', auth) : req;
  };

  beforeAll(async () => {
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    backend = await startInProcess({ entities });
    const refresh = await call('POST', '/refresh', service);
    expect(refresh.status).toBe(200);
    expect(refresh.body.entityCount).toBe(ml.length);
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
  });

  /**
   * Sends requests so that they reach the backend together: one open
   * connection each first, then every request written in the same turn.
   */
  async function burst(requests: Array<{ path: string; auth: string }>) {
    const { port } = backend.server.address() as AddressInfo;
    const agent = new http.Agent({
      keepAlive: true,
      maxSockets: requests.length,
    });
    const get = (path: string, auth: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        figures.requests++;
        http
          .get(
            {
              host: '127.0.0.1',
              port,
              path,
              agent,
              headers: { authorization: auth },
            },
            res => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', chunk => (body += chunk));
              res.on('end', () => resolve({ status: res.statusCode!, body }));
            },
          )
          .on('error', reject);
      });
    try {
      await Promise.all(requests.map(() => get(`${API}/health`, service)));
      return await Promise.all(requests.map(r => get(r.path, r.auth)));
    } finally {
      agent.destroy();
    }
  }

  /** Every way a hidden entity could show up in a response. */
  function assertNoLeak(url: string, raw: string) {
    // Error bodies echo the caller's own request line; that is not a leak.
    let text = raw;
    try {
      const body = JSON.parse(raw);
      if (body && typeof body === 'object') delete body.request;
      text = JSON.stringify(body);
    } catch {
      // not JSON
    }
    for (const entity of hidden) {
      const name = entity.metadata.name;
      if (text.includes(name) || text.includes('team-fraud')) {
        figures.leaks++;
        throw new Error(`${url} leaks ${name}: ${text.slice(0, 500)}`);
      }
    }
  }

  it('the policy is real: the catalog itself hides team-fraud from Mallory', async () => {
    const res = await request(backend.server)
      .get('/api/catalog/entities?filter=kind=component')
      .set('authorization', mallory);
    expect(res.status).toBe(200);
    const names = res.body.map((e: any) => e.metadata.name);
    for (const e of hidden) expect(names).not.toContain(e.metadata.name);
    for (const e of visible) expect(names).toContain(e.metadata.name);
  });

  it('admins and services see the whole fleet, including team-fraud', async () => {
    for (const auth of [admin, service]) {
      const res = await call('GET', '/fleet?limit=500', auth);
      expect(res.status).toBe(200);
      expect(res.body.totalItems).toBe(ml.length);
    }
  });

  it.each([
    ['Mallory', mallory],
    ['another plugin on behalf of Mallory', malloryViaPlugin],
  ])(
    'no collection route tells %s anything about team-fraud',
    async (_who, auth) => {
      for (const url of LIST_ROUTES) {
        const res = await call('GET', url, auth);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        assertNoLeak(url, res.text);
      }
      const fleet = (await call('GET', '/fleet?limit=500', auth)).body;
      expect(fleet.totalItems).toBe(visible.length);
      expect(fleet.items.map((i: any) => i.entityRef).sort()).toEqual(
        visible.map(e => stringifyEntityRef(e)).sort(),
      );
      const levelSum = Object.values(fleet.facets.levels).reduce(
        (a: number, b: any) => a + b,
        0,
      );
      expect(levelSum).toBe(visible.length);
      expect(
        fleet.facets.owners.reduce((a: number, o: any) => a + o.count, 0),
      ).toBe(visible.length);
      const byOwner = (await call('GET', '/fleet?owner=team-fraud', auth)).body;
      expect(byOwner.totalItems).toBe(0);
      for (const by of ['owner', 'system', 'domain']) {
        const rollups = (await call('GET', `/rollups?by=${by}`, auth)).body;
        expect(
          rollups.items.reduce((a: number, r: any) => a + r.total, 0),
        ).toBe(visible.length);
      }
      const days = (await call('GET', '/history/fleet', auth)).body.days;
      const today = days[days.length - 1].levels;
      expect(Object.values(today).reduce((a: number, b: any) => a + b, 0)).toBe(
        visible.length,
      );
      const changes = (await call('GET', '/changes?limit=200', auth)).body;
      expect(changes.items).toHaveLength(visible.length);
      const csv = await call('GET', '/fleet.csv', auth);
      expect(csv.text.trim().split('\r\n')).toHaveLength(visible.length + 1);
    },
  );

  it('one-entity routes answer a hidden entity exactly as a missing one', async () => {
    for (const entity of hidden) {
      const name = entity.metadata.name;
      for (const url of entityRoutes('component', 'default', name)) {
        const missingUrl = url.replace(name, 'no-such-model-xyz');
        const [res, missing] = await Promise.all([
          call('GET', url, mallory),
          call('GET', missingUrl, mallory),
        ]);
        expect({ url, status: res.status }).toEqual({ url, status: 404 });
        expect(missing.status).toBe(404);
        // Same body once the name is swapped, same headers that matter.
        expect(res.text.split(name).join('NAME')).toBe(
          missing.text.split('no-such-model-xyz').join('NAME'),
        );
        expect(res.headers['content-type']).toBe(
          missing.headers['content-type'],
        );
        expect(res.headers['cache-control']).toBe(
          missing.headers['cache-control'],
        );
        // And the entity exists for someone allowed to see it.
        expect((await call('GET', url, admin)).status).toBe(200);
      }
    }
    for (const entity of visible.slice(0, 3)) {
      for (const url of entityRoutes(
        'component',
        'default',
        entity.metadata.name,
      )) {
        expect({
          url,
          status: (await call('GET', url, mallory)).status,
        }).toEqual({ url, status: 200 });
      }
    }
  });

  it('concurrent live assessments of several callers each see only what their caller may read', async () => {
    // Requests of one caller that arrive together share one catalog read;
    // mixing callers and entities at once must not let one caller's read
    // answer another's request.
    const names = [...hidden, ...visible.slice(0, 4)].map(e => e.metadata.name);
    const asked = [mallory, admin, malloryViaPlugin].flatMap(auth =>
      names.map(name => ({ auth, name })),
    );
    const responses = await burst(
      asked.map(({ auth, name }) => ({
        path: `${API}/entities/component/default/${name}/assessment`,
        auth,
      })),
    );
    const hiddenNames = new Set(hidden.map(e => e.metadata.name));
    asked.forEach(({ auth, name }, i) => {
      const expected = auth !== admin && hiddenNames.has(name) ? 404 : 200;
      const { status, body } = responses[i];
      expect({
        name,
        status,
        entityRef: status === 200 ? JSON.parse(body).entityRef : undefined,
      }).toEqual({
        name,
        status: expected,
        entityRef: expected === 200 ? `component:default/${name}` : undefined,
      });
    });
  });

  it.each([
    ['Mallory', mallory],
    ['another plugin on behalf of Mallory', malloryViaPlugin],
  ])(
    'the actions (MCP) tell %s nothing about team-fraud',
    async (_who, auth) => {
      const invoke = (
        name: string,
        input: object,
        as: string | null = auth,
      ) => {
        figures.requests++;
        const req = request(backend.server)
          .post(
            `${API}/.backstage/actions/v1/actions/mlops-maturity:${name}/invoke`,
          )
          .send(input);
        return as ? req.set('authorization', as) : req;
      };
      for (const entity of hidden) {
        const name = entity.metadata.name;
        const [res, missing] = await Promise.all([
          invoke('get-entity-maturity', { entityRef: name }),
          invoke('get-entity-maturity', { entityRef: 'no-such-model-xyz' }),
        ]);
        expect({ name, status: res.status }).toEqual({ name, status: 404 });
        const { request: _r1, ...body } = res.body;
        const { request: _r2, ...missingBody } = missing.body;
        expect(JSON.stringify(body).split(name).join('NAME')).toBe(
          JSON.stringify(missingBody).split('no-such-model-xyz').join('NAME'),
        );
        expect(
          (await invoke('get-entity-maturity', { entityRef: name }, admin))
            .status,
        ).toBe(200);
      }
      for (const input of [
        { limit: 100 },
        { owner: 'team-fraud' },
        { q: 'fraud', limit: 100 },
        { belowTarget: false, sort: '-level', limit: 100 },
      ]) {
        const res = await invoke('list-ml-components-by-maturity', input);
        expect({ input, status: res.status }).toEqual({ input, status: 200 });
        assertNoLeak(JSON.stringify(input), res.text);
      }
      const all = await invoke('list-ml-components-by-maturity', {
        limit: 100,
      });
      expect(all.body.output.totalItems).toBe(visible.length);
      const denied = await invoke('list-ml-components-by-maturity', {}, nobody);
      expect(denied.body.output.totalItems).toBe(0);
      expect(
        (
          await invoke(
            'get-entity-maturity',
            { entityRef: visible[0].metadata.name },
            nobody,
          )
        ).status,
      ).toBe(404);
      expect(
        (await invoke('get-entity-maturity', { entityRef: 'x' }, null)).status,
      ).toBe(401);
    },
  );

  it('a DENY policy leaves every list empty and every entity a 404', async () => {
    for (const url of LIST_ROUTES) {
      const res = await call('GET', url, nobody);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      for (const e of ml) {
        if (res.text.includes(`/${e.metadata.name}`)) {
          figures.leaks++;
          throw new Error(`${url} leaks ${e.metadata.name} to a DENY`);
        }
      }
    }
    expect((await call('GET', '/fleet', nobody)).body.totalItems).toBe(0);
    for (const url of entityRoutes(
      'component',
      'default',
      visible[0].metadata.name,
    )) {
      expect((await call('GET', url, nobody)).status).toBe(404);
    }
  });

  it('without credentials every route answers 401, the badge too unless public', async () => {
    for (const [method, url] of ALL_ROUTES) {
      const res = await call(method, url, null);
      expect({ method, url, status: res.status }).toEqual({
        method,
        url,
        status: 401,
      });
      assertNoLeak(url, res.text);
    }
    for (const bad of [
      mockCredentials.user.invalidHeader(),
      mockCredentials.service.invalidHeader(),
      'Bearer not-a-token',
    ]) {
      expect((await call('GET', '/fleet', bad)).status).toBe(401);
    }
  });

  it('only service credentials may start a refresh', async () => {
    expect((await call('POST', '/refresh', mallory)).status).toBe(403);
    expect((await call('POST', '/refresh', admin)).status).toBe(403);
    expect((await call('POST', '/refresh', service)).status).toBe(200);
  });
});

describe('permissions: public badges', () => {
  let backend: Awaited<ReturnType<typeof startInProcess>>;

  beforeAll(async () => {
    backend = await startInProcess({ entities, badgesPublic: true });
    const refresh = await request(backend.server)
      .post(`${API}/refresh`)
      .set('authorization', service);
    expect(refresh.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
    recordFigures('permissions', {
      title: 'Permissions',
      lines: [
        '| figure | value |',
        '| --- | --- |',
        `| requests checked | ${figures.requests + 20} |`,
        `| ML components / hidden from Mallory | ${ml.length} / ${hidden.length} |`,
        `| leaks found | ${figures.leaks} |`,
        '',
        'Policy: the permission backend with a policy module; for Mallory, catalog entity',
        'permissions are `createCatalogConditionalDecision(not isEntityOwner(team-fraud))`;',
        'for Nobody, DENY. Routes checked: the fleet list (every sort, filters, facets), the',
        'CSV export, roll-ups by owner, System and Domain, fleet history, the change log,',
        'health, and the assessment, history and badge of each hidden entity (404, byte for',
        'byte the answer for a missing entity). Without credentials: 401 on every route, the',
        'badge included unless `mlopsMaturity.badges.public` is true.',
      ],
    });
  });

  it('serves badges without credentials, and still nothing else', async () => {
    const badge = await request(backend.server).get(
      `${API}/badge/component/default/credit-default-model`,
    );
    expect(badge.status).toBe(200);
    expect(badge.headers['content-type']).toMatch(/^image\/svg\+xml/);
    for (const [method, url] of ALL_ROUTES) {
      if (url.startsWith('/badge/')) continue;
      const req =
        method === 'POST'
          ? request(backend.server).post(`${API}${url}`)
          : request(backend.server).get(`${API}${url}`);
      expect({ url, status: (await req).status }).toEqual({ url, status: 401 });
    }
    // A user's badge request is still decided by the policy.
    const hiddenBadge = await request(backend.server)
      .get(`${API}/badge/component/default/${hidden[0].metadata.name}`)
      .set('authorization', mallory);
    expect(hiddenBadge.status).toBe(404);
  });
});
