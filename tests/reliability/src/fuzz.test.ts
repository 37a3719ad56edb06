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

import { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { assessEntity } from '@mlops-maturity/plugin-mlops-maturity-common';
import { FULL, httpRequest } from './lib/child';
import {
  exampleEntities,
  hostileEntities,
  protoAnnotations,
} from './lib/entities';
import { API, startInProcess } from './lib/inProcess';
import { MALLORY } from './lib/policyModule';
import { dropDatabases, postgresUrl, uniquePrefix } from './lib/postgres';
import { recordFigures } from './lib/report';

const SEED = 20261127;
const RUNS = FULL ? 5000 : 600;

const examples = exampleEntities();
const hostile = hostileEntities();
/** The catalog rejects invalid annotation keys such as `__proto__`. */
const REJECTED = new Set(['hostile-proto-keys']);
const isMl = (e: Entity) =>
  ['ml-model', 'ml-service', 'ml-pipeline'].includes(String(e.spec?.type)) ||
  Object.keys(e.metadata.annotations ?? {}).some(k => k.startsWith('mlops/'));
const exampleMl = examples.filter(isMl).map(e => stringifyEntityRef(e));
const acceptedHostile = hostile.filter(e => !REJECTED.has(e.metadata.name));

const admin = mockCredentials.user.header('user:default/admin');
const mallory = mockCredentials.user.header(MALLORY);

/**
 * encodeURIComponent, except that lone surrogates (which UTF-8 cannot
 * carry) are sent as the malformed bytes a careless client would send.
 */
function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.toWellFormed())}%ED%A0%80`;
  }
}

/** Values that have broken servers before. */
const NASTY = [
  "' OR 1=1 --",
  '"; DROP TABLE mlops_maturity_snapshot; --',
  '{"$ne":null}',
  '[1,2]',
  '{}',
  'null',
  '\u0000',
  'a\u0000b',
  '../../../etc/passwd',
  '..',
  '.',
  '%00',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '__proto__',
  'constructor',
  'toString',
  '-1',
  '0',
  '4',
  '5',
  '-0',
  '1e309',
  '1.5',
  '0x10',
  '99999999999999999999',
  '9007199254740993',
  'NaN',
  'Infinity',
  'true',
  'false',
  '',
  ' ',
  '\ud800',
  '\udfff\ud800',
  '😀',
  '\u202e',
  'group:default/team-fraud',
  'component:default/credit-default-model',
  'level',
  '-level',
];

const str = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', '%', 'é', '\u0000', '😀'), fc.nat(20_000))
      .map(([c, n]) => c.repeat(n)),
  },
);

const jsonValue = fc.oneof(
  str,
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e20, -1e20, 1e308, -1, 0, 2 ** 53 + 1, 3.5, null, true),
  fc.constant([]),
  fc.constant({}),
);

const SORTS = [
  'entityRef',
  '-entityRef',
  'level',
  '-level',
  'gap',
  '-gap',
  'owner',
  '-owner',
  'title',
  '-title',
  'lastChangedAt',
  '-lastChangedAt',
];

/** Cursors that look like ours, with hostile contents. */
const cursor = fc.oneof(
  fc
    .record({ s: fc.constantFrom(...SORTS), k: jsonValue, r: jsonValue })
    .map(c => Buffer.from(JSON.stringify(c)).toString('base64url')),
  fc
    .record({ t: jsonValue, id: jsonValue })
    .map(c => Buffer.from(JSON.stringify(c)).toString('base64url')),
  str,
);

const PARAMS = [
  'level',
  'minLevel',
  'maxLevel',
  'belowTarget',
  'owner',
  'system',
  'domain',
  'kind',
  'type',
  'lifecycle',
  'failingCheck',
  'waived',
  'q',
  'sort',
  'limit',
  'cursor',
  'by',
];

const paramName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PARAMS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'level[]',
      'level[0]',
      'level[a]',
      '__proto__[x]',
      'a.b',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

const paramValue = fc.oneof(
  { weight: 4, arbitrary: str },
  { weight: 2, arbitrary: cursor },
  { weight: 1, arbitrary: fc.constantFrom('owner', 'system', 'domain') },
  { weight: 1, arbitrary: fc.constantFrom(...SORTS) },
);

/** A query string, sometimes with repeated keys (arrays) or raw text. */
const query = fc.oneof(
  fc
    .array(fc.tuple(paramName, paramValue), { maxLength: 5 })
    .map(pairs => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')),
  fc
    .tuple(
      fc.constantFrom(...PARAMS),
      fc.array(str, { minLength: 2, maxLength: 4 }),
    )
    .map(([k, vs]) => vs.map(v => `${k}=${enc(v)}`).join('&')),
  // Raw, unencoded (but sendable) text: malformed % escapes and the like.
  fc.string({ maxLength: 60 }).map(s => s.replace(/[^\x21-\x7e]/g, '%')),
);

/** A path segment: encoded text, or raw ASCII (malformed escapes included). */
const segment = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'component',
      'default',
      'credit-default-model',
      'card-chargeback-model',
      'hostile-nul-bytes',
    ),
  },
  { weight: 3, arbitrary: str.map(enc) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2F',
      '..%2F..%2F',
      '%00',
      '%',
      '%E0%A4%A',
      '%uD800',
    ),
  },
);

const route = fc.oneof(
  fc.constantFrom(
    '/fleet',
    '/fleet.csv',
    '/rollups',
    '/history/fleet',
    '/changes',
    '/rubric',
    '/health',
  ),
  fc
    .tuple(
      fc.constantFrom('entities', 'history/entity', 'badge'),
      segment,
      segment,
      segment,
    )
    .map(([r, k, n, m]) =>
      r === 'entities'
        ? `/entities/${k}/${n}/${m}/assessment`
        : `/${r}/${k}/${n}/${m}`,
    ),
  fc.array(segment, { maxLength: 6 }).map(s => `/${s.join('/')}`),
);

const input = fc.record({
  method: fc.constantFrom('GET', 'GET', 'GET', 'GET', 'POST', 'HEAD'),
  route,
  query,
  auth: fc.constantFrom(admin, admin, mallory, null),
});

/** Text that only a broken server would send: stacks, SQL, driver errors. */
const LEAKS = [
  /"stack"\s*:/,
  /\bat [\w.<>]+ \(?\/[^)]*:\d+:\d+/,
  /mlops_maturity_/,
  /\bknex\b/i,
  /SQLITE_/,
  /invalid input syntax/i,
  /violates/i,
  /\bsyntax error\b/i,
  /out of range/i,
  /invalid byte sequence/i,
];

const databases: Array<[string, string | undefined]> = [['SQLite', undefined]];
if (postgresUrl) databases.push(['PostgreSQL', postgresUrl]);

const figures: string[] = [];
let forgedCount = 0;
const hostileFigures: string[] = [];

describe.each(databases)(
  'fuzzed input and hostile entities on %s',
  (dbName, pg) => {
    let backend: Awaited<ReturnType<typeof startInProcess>>;
    let base: string;
    const prefix = uniquePrefix('fuzz');
    let refreshBody: any;
    let refreshMs = 0;

    beforeAll(async () => {
      backend = await startInProcess({
        entities: [...examples, ...hostile],
        waitFor: [...examples, ...acceptedHostile],
        postgres: pg ? { connection: pg, prefix } : undefined,
        catalogOnSqlite: true,
      });
      const address = backend.server.address() as AddressInfo;
      base = `http://127.0.0.1:${address.port}${API}`;
      const started = Date.now();
      const res = await httpRequest(`${base}/refresh`, {
        method: 'POST',
        token: mockCredentials.service.token(),
        timeoutMs: 120_000,
      });
      refreshMs = Date.now() - started;
      expect(res.body).toContain('succeeded');
      expect(res.status).toBe(200);
      refreshBody = JSON.parse(res.body);
    }, 240_000);

    afterAll(async () => {
      await backend?.stop();
      if (pg) await dropDatabases(pg, prefix);
    });

    const get = async (path: string, auth: string | null = admin) => {
      const res = await httpRequest(`${base}${path}`, {
        token: auth ? auth.replace(/^Bearer /, '') : null,
      });
      return res;
    };

    it('assesses the whole fleet although some entities are hostile', async () => {
      const fleet = JSON.parse((await get('/fleet?limit=500')).body);
      const refs = fleet.items.map((i: any) => i.entityRef);
      for (const ref of exampleMl) expect(refs).toContain(ref);
      for (const e of acceptedHostile) {
        const ref = stringifyEntityRef(e);
        expect(refs).toContain(ref);
        const name = e.metadata.name;
        for (const path of [
          `/entities/component/default/${name}/assessment`,
          `/history/entity/component/default/${name}`,
          `/badge/component/default/${name}`,
        ]) {
          const res = await get(path);
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
        }
      }
      expect(refreshBody.entityCount).toBe(
        exampleMl.length + acceptedHostile.length,
      );
      const csv = await get('/fleet.csv');
      expect(csv.status).toBe(200);
      expect(csv.body).not.toContain('\u0000');
      expect(csv.body).toContain("'=cmd");
      for (const path of [
        '/rollups?by=owner',
        '/rollups?by=system',
        '/history/fleet',
        '/changes?limit=200',
      ]) {
        expect((await get(path)).status).toBe(200);
      }
      hostileFigures.push(
        `| ${dbName} | ${acceptedHostile.length} of ${
          hostile.length
        } (the catalog rejects ${[...REJECTED].join(', ')}) | ${
          refreshBody.entityCount
        } | ${refreshMs} ms | yes |`,
      );
    }, 120_000);

    it('answers forged cursors and NUL bytes in every parameter with 4xx or 2xx', async () => {
      const b64 = (v: unknown) =>
        Buffer.from(JSON.stringify(v)).toString('base64url');
      const keys: unknown[] = [
        1e20,
        -1e20,
        1.5,
        2 ** 53 + 1,
        1e308,
        -1,
        'a\u0000b',
        '',
        'x'.repeat(3000),
        null,
      ];
      const paths: string[] = [];
      for (const sort of SORTS) {
        for (const k of keys) {
          paths.push(
            `/fleet?sort=${sort}&cursor=${b64({
              s: sort,
              k,
              r: 'component:default/x',
            })}`,
          );
          paths.push(
            `/fleet?sort=${sort}&cursor=${b64({ s: sort, k, r: 'a\u0000b' })}`,
          );
        }
      }
      for (const t of [1e20, -1e20, 1.5, 8.64e15 + 1, 0, Date.now()]) {
        for (const id of [1.5, 1e300, -1, 2 ** 63, 0]) {
          paths.push(`/changes?cursor=${b64({ t, id })}`);
        }
      }
      for (const name of PARAMS) {
        paths.push(
          `/fleet?${name}=%00`,
          `/fleet?${name}=a%00b`,
          `/fleet.csv?${name}=%00`,
        );
        paths.push(`/rollups?by=owner&${name}=%00`);
      }
      paths.push(
        '/entities/component/default/a%00b/assessment',
        '/badge/component/default/%00',
      );
      const failures: string[] = [];
      for (const path of paths) {
        const res = await get(path);
        if (res.status >= 500 || LEAKS.some(l => l.test(res.body))) {
          failures.push(`${path} → ${res.status} ${res.body.slice(0, 300)}`);
        }
      }
      forgedCount += paths.length;
      expect(failures).toEqual([]);
    }, 120_000);

    it('answers every fuzzed request with 2xx or 4xx, without stacks or SQL', async () => {
      const statuses = new Map<number, number>();
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(
          input,
          async ({ method, route: r, query: q, auth }) => {
            tried++;
            const path = `${API}${r}${q ? `?${q}` : ''}`;
            let res;
            try {
              res = await httpRequest(`${base.slice(0, -API.length)}${path}`, {
                method,
                token: auth ? auth.replace(/^Bearer /, '') : null,
              });
            } catch (error) {
              // The client refused to send it (e.g. characters Node will not
              // put in a request line): nothing reached the server.
              if (/unescaped|Invalid URL|ERR_INVALID/i.test(String(error)))
                return;
              throw error;
            }
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status >= 500 || res.status < 200) {
              throw new Error(
                `${method} ${path} → ${res.status}: ${res.body.slice(0, 800)}`,
              );
            }
            let decoded = path;
            try {
              decoded = decodeURIComponent(path);
            } catch {
              // keep it raw
            }
            for (const leak of LEAKS) {
              if (
                leak.test(res.body) &&
                !leak.test(path) &&
                !leak.test(decoded)
              ) {
                throw new Error(
                  `${method} ${path} → ${
                    res.status
                  } leaks ${leak}: ${res.body.slice(0, 800)}`,
                );
              }
            }
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: false },
      );
      // The server is still well.
      expect((await get('/health')).status).toBe(200);
      const byClass = [...statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ');
      figures.push(`| ${dbName} | ${tried} | ${byClass} | 0 |`);
    }, 600_000);
  },
);

describe('the engine and hostile annotations', () => {
  it('assesses `__proto__` keys without polluting prototypes', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'proto', annotations: protoAnnotations() },
      spec: { type: 'ml-model', owner: '__proto__' },
    } as Entity;
    const assessment = assessEntity(entity);
    expect(assessment.level).toBeGreaterThanOrEqual(0);
    expect(({} as any).polluted).toBeUndefined();
    expect((Object.prototype as any).polluted).toBeUndefined();
  });
});

afterAll(() => {
  recordFigures('fuzz', {
    title: 'Fuzzed input',
    lines: [
      `Every route, with fast-check (seed ${SEED}) generating the method, path segments and query:`,
      'huge strings, full Unicode and lone surrogates, SQL and JSON fragments, NUL bytes,',
      'negative, fractional and enormous numbers, repeated keys (`?level=1&level=2`), nested',
      'keys (`level[a]=1`), malformed percent escapes, path traversal, forged cursors.',
      'A response passes when it is 2xx or 4xx and holds no stack trace, no SQL, no table name',
      'and no driver error.',
      '',
      '| database | inputs tried | answers by status | 5xx |',
      '| --- | --- | --- | --- |',
      ...figures,
    ],
  });
  recordFigures('hostile', {
    title: 'Hostile entities in the real catalog',
    lines: [
      'A 1 MB annotation value and a 700 KB list, 10,000 annotations, keys named after',
      '`Object.prototype` members, `__proto__` keys, NUL bytes in values, title and lifecycle,',
      'lifecycle/owner/System/Domain longer than any column, SQL and JSON fragments, a',
      'spreadsheet formula as title — next to the example fleet.',
      '',
      '| database | hostile entities in the catalog | ML components assessed | refresh | rest of the fleet assessed |',
      '| --- | --- | --- | --- | --- |',
      ...hostileFigures,
    ],
  });
});
