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

// End-to-end: the dev portal on PostgreSQL with the example permission
// policy, started with the README's own command (read from the README, so
// that the two cannot drift apart). It runs where the store tests run on
// PostgreSQL: when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is
// set, as .ci/run sets it. The portal's databases get a prefix of their own
// and are dropped afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import { parseAllDocuments } from 'yaml';
import { BACKEND_URL, ROOT, startPortal, type Portal } from './portal.ts';
import { assessExamples } from './examples.ts';

const postgresUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const HIDDEN_OWNER = 'group:default/team-fraud';

/** The README's command for the portal on PostgreSQL. */
function readmeCommand(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const found = [
    ...readme.matchAll(/`([^`\n]*app-config\.postgres\.yaml[^`\n]*)`/g),
  ]
    .map(m => m[1])
    .filter(c => c.includes('yarn start'));
  assert.equal(
    found.length,
    1,
    `the README should give one command with app-config.postgres.yaml, found: ${found.join(
      ' | ',
    )}`,
  );
  return found[0];
}

/** Every ML component of examples/ by the command line, with its owner from the files. */
function exampleComponents(): Array<{
  entityRef: string;
  level: number;
  owner: string;
}> {
  const assessed = assessExamples<{ entityRef: string; level: number }>();
  const owners = new Map<string, string>();
  const dir = path.join(ROOT, 'examples/components');
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name, 'catalog-info.yaml');
    if (!fs.existsSync(file)) continue;
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const e = doc.toJS();
      if (e?.kind !== 'Component') continue;
      const owner = String(e.spec.owner).toLowerCase();
      const ref = `component:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`.toLowerCase();
      owners.set(ref, owner.includes(':') ? owner : `group:default/${owner}`);
    }
  }
  return assessed.map(a => ({ ...a, owner: owners.get(a.entityRef) ?? '' }));
}

describe(
  'the dev portal on PostgreSQL with the example policy',
  { timeout: 600_000 },
  () => {
    if (!postgresUrl) {
      console.log(
        'PostgreSQL not configured (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING): the portal on PostgreSQL is not tested',
      );
      return;
    }
    const url = new URL(postgresUrl);
    const prefix = `mme2e_${Date.now().toString(36)}_${process.pid}_`;
    const components = exampleComponents();
    const visible = components.filter(c => c.owner !== HIDDEN_OWNER);
    const hidden = components.filter(c => c.owner === HIDDEN_OWNER);
    let portal: Portal;
    let token: string;

    const admin = () =>
      knexFactory({
        client: 'pg',
        connection: postgresUrl,
        pool: { min: 0, max: 1 },
      });

    async function get(route: string) {
      return fetch(`${BACKEND_URL}/api/mlops-maturity${route}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    }

    before(async () => {
      assert.ok(
        hidden.length > 0 && visible.length > 0,
        'the examples should have components of the fraud team and of others',
      );
      portal = await startPortal({
        shell: readmeCommand(),
        frontend: false,
        logName: 'portal-postgres.log',
        env: {
          POSTGRES_HOST: url.hostname,
          POSTGRES_PORT: url.port || '5432',
          POSTGRES_USER: decodeURIComponent(url.username) || 'postgres',
          POSTGRES_PASSWORD:
            decodeURIComponent(url.password) || 'unused-with-trust',
          MLOPS_EXAMPLE_POLICY: 'true',
          APP_CONFIG_backend_database_prefix: prefix,
        },
      });
      console.log(
        `portal on PostgreSQL started in ${portal.startupSeconds.toFixed(0)} s`,
      );
      const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      });
      token = (await res.json()).backstageIdentity.token;
      const deadline = Date.now() + 120_000;
      for (;;) {
        const fleet = await get('/fleet?limit=1');
        if (fleet.ok && (await fleet.json()).totalItems === visible.length)
          break;
        if (Date.now() > deadline) {
          throw new Error(
            `the guest's fleet never reached ${
              visible.length
            } components:\n${portal.log().slice(-3000)}`,
          );
        }
        await new Promise(r => setTimeout(r, 2000));
      }
    });

    after(async () => {
      await portal?.stop();
      const db = admin();
      try {
        const { rows } = await db.raw(
          'SELECT datname FROM pg_database WHERE datname LIKE ?',
          [`${prefix}%`],
        );
        for (const { datname } of rows)
          await db.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
      } finally {
        await db.destroy();
      }
    });

    it('stores the snapshot of every ML component in PostgreSQL', async () => {
      const db = knexFactory({
        client: 'pg',
        connection: Object.assign(new URL(postgresUrl), {
          pathname: `/${prefix}mlops-maturity`,
        }).toString(),
        pool: { min: 0, max: 1 },
      });
      try {
        const rows = await db('mlops_maturity_snapshot').select(
          'entity_ref',
          'level',
        );
        assert.deepEqual(
          rows.map(r => `${r.entity_ref} ${r.level}`).sort(),
          components.map(c => `${c.entityRef} ${c.level}`).sort(),
        );
      } finally {
        await db.destroy();
      }
    });

    it('shows the guest every ML component except the fraud team’s, at the levels of the command line', async () => {
      const res = await get('/fleet?limit=100');
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.deepEqual(
        body.items.map((r: any) => `${r.entityRef} ${r.level}`).sort(),
        visible.map(c => `${c.entityRef} ${c.level}`).sort(),
      );
      const csv = (await (await get('/fleet.csv')).text())
        .trim()
        .split(/\r?\n/);
      assert.equal(csv.length, visible.length + 1);
      const rollup = await (await get('/rollups?by=owner')).json();
      const owners = JSON.stringify(rollup);
      assert.ok(
        owners.includes('team-credit-risk'),
        `the roll-up lacks a visible owner: ${owners}`,
      );
      assert.ok(
        !owners.includes('team-fraud'),
        `the roll-up names the hidden owner: ${owners}`,
      );
    });

    it('answers 404 for a hidden component, as for one that does not exist', async () => {
      for (const c of hidden) {
        const [kind, rest] = c.entityRef.split(':');
        const [namespace, name] = rest.split('/');
        const res = await get(
          `/entities/${kind}/${namespace}/${name}/assessment`,
        );
        assert.equal(res.status, 404, `${c.entityRef}: ${res.status}`);
        assert.equal(
          (await get(`/history/entity/${kind}/${namespace}/${name}`)).status,
          404,
        );
        assert.equal(
          (await get(`/badge/${kind}/${namespace}/${name}`)).status,
          404,
        );
      }
      const shown = visible[0].entityRef.split(/[:/]/);
      assert.equal(
        (await get(`/entities/${shown[0]}/${shown[1]}/${shown[2]}/assessment`))
          .status,
        200,
      );
    });
  },
);
