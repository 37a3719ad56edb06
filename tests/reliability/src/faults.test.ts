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

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Knex } from 'knex';
import {
  ChildBackend,
  FULL,
  freePort,
  waitFor,
  writeEntities,
  API,
} from './lib/child';
import { exampleEntities, syntheticEntities } from './lib/entities';
import { historyProblems } from './lib/history';
import {
  ThrowawayCluster,
  canRunCluster,
  pluginDb,
  postgresUrl,
} from './lib/postgres';
import { recordFigures } from './lib/report';

const SYNTHETIC = FULL ? 4000 : 800;
const faults: string[] = [];

/** PostgreSQL only: registered when a server and its binaries are there. */
(postgresUrl && canRunCluster ? describe : () => undefined)(
  'faults mid-refresh (PostgreSQL)',
  () => {
    let cluster: ThrowawayCluster;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-rel-faults-'));
    const file = path.join(dir, 'entities.json');
    const examples = exampleEntities();
    const children: ChildBackend[] = [];
    const dbs: Knex[] = [];

    const entities = (generation: number) => [
      ...examples,
      ...syntheticEntities(SYNTHETIC, generation),
    ];

    async function start(settings: Parameters<typeof ChildBackend.start>[0]) {
      const child = await ChildBackend.start(settings);
      children.push(child);
      return child;
    }

    /** Waits until the catalog serves the given generation. */
    async function catalogAt(child: ChildBackend, generation: number) {
      const probe = syntheticEntities(SYNTHETIC, generation)[0];
      const want = JSON.stringify(
        Object.keys(probe.metadata.annotations!).sort(),
      );
      await waitFor(
        `the catalog at generation ${generation}`,
        async () => {
          const res = await child.get(
            `/api/catalog/entities/by-name/component/default/${probe.metadata.name}`,
          );
          if (res.status !== 200) return undefined;
          const got = JSON.parse(res.body).metadata.annotations;
          const keys = JSON.stringify(
            Object.keys(got)
              .filter(k => k.startsWith('mlops/'))
              .sort(),
          );
          const count = await child.get(
            `/api/catalog/entities/by-query?filter=kind=component&limit=1`,
          );
          const total = JSON.parse(count.body).totalItems;
          return keys === want && total >= SYNTHETIC ? true : undefined;
        },
        240_000,
        500,
      );
    }

    beforeAll(async () => {
      cluster = await ThrowawayCluster.create();
    }, 60_000);

    afterAll(async () => {
      for (const c of children) await c.kill();
      for (const db of dbs) await db.destroy();
      cluster?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
      recordFigures('faults', {
        title: 'Faults survived',
        lines: [
          `A throw-away PostgreSQL cluster of the test's own (initdb/pg_ctl on a loopback port), backends in child processes, ${
            SYNTHETIC + 19
          } ML components.`,
          '',
          '| fault | outcome |',
          '| --- | --- |',
          ...faults,
        ],
      });
    });

    it('the catalog unreachable during a refresh: the last snapshot stays, aged, then catches up', async () => {
      writeEntities(file, entities(0));
      const catalogPort = await freePort();
      const mlopsPort = await freePort();
      const catalogSettings = {
        role: 'catalog' as const,
        port: catalogPort,
        database: { client: 'pg', connection: cluster.url, prefix: 'cat_' },
        entitiesFile: file,
        mlopsUrl: `http://127.0.0.1:${mlopsPort}`,
      };
      let catalog = await start(catalogSettings);
      const mlops = await start({
        role: 'mlops',
        port: mlopsPort,
        database: { client: 'pg', connection: cluster.url, prefix: 'split_' },
        catalogUrl: catalog.url,
      });
      await catalogAt(catalog, 0);
      const first = await mlops.post(`${API}/refresh`);
      expect(first.status).toBe(200);
      const before = await mlops.json(`${API}/fleet?limit=500`);
      expect(before.stale).toBe(false);

      await catalog.kill();
      writeEntities(file, entities(1));
      const failed = await mlops.post(`${API}/refresh`);
      expect(failed.status).toBe(503);
      await new Promise(r => setTimeout(r, 1100));
      const during = await mlops.json(`${API}/fleet?limit=500`);
      expect(during.items).toEqual(before.items);
      expect(during.totalItems).toBe(before.totalItems);
      expect(during).toMatchObject({
        generatedAt: before.generatedAt,
        stale: true,
        lastRefresh: { status: 'failed' },
      });
      expect(during.dataAge).toBeGreaterThanOrEqual(1);
      expect(during.lastError).toMatch(/catalog/i);
      const csv = await mlops.get(`${API}/fleet.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['x-stale']).toBe('true');
      expect((await mlops.get(`${API}/health`)).status).toBe(200);

      catalog = await start(catalogSettings);
      await catalogAt(catalog, 1);
      const recovered = await mlops.post(`${API}/refresh`);
      expect(recovered.status).toBe(200);
      expect(JSON.parse(recovered.body).changes).toBeGreaterThan(0);
      const after = await mlops.json(`${API}/fleet?limit=1`);
      expect(after.stale).toBe(false);
      expect(after.lastError).toBeNull();
      expect(after.generatedAt > before.generatedAt).toBe(true);
      const db = pluginDb(cluster.url, 'split_', 'mlops-maturity');
      dbs.push(db);
      expect(await historyProblems(db)).toEqual([]);
      faults.push(
        `| catalog backend SIGKILLed, refresh attempted | 503 for the refresh; the last snapshot served (${
          during.totalItems
        } components, \`stale: true\`, \`dataAge\` ${
          during.dataAge
        } s, \`lastError\` set); after the catalog came back the next refresh recorded ${
          JSON.parse(recovered.body).changes
        } changes and cleared \`stale\` |`,
      );
      await catalog.stop();
      await mlops.stop();
    }, 600_000);

    it('PostgreSQL restarted mid-refresh: no partial history, the next run completes', async () => {
      writeEntities(file, entities(0));
      const child = await start({
        role: 'all',
        database: { client: 'pg', connection: cluster.url, prefix: 'pgr_' },
        entitiesFile: file,
      });
      await catalogAt(child, 0);
      expect((await child.post(`${API}/refresh`)).status).toBe(200);
      const db = pluginDb(cluster.url, 'pgr_', 'mlops-maturity');
      dbs.push(db);
      const historyBefore = Number(
        (await db('mlops_maturity_history').count({ n: '*' }))[0].n,
      );

      writeEntities(file, entities(2));
      await catalogAt(child, 2);
      const runsBefore = Number(
        (await db('mlops_maturity_refresh_runs').count({ n: '*' }))[0].n,
      );
      const pending = child.post(`${API}/refresh`);
      // Mid-refresh: the run is recorded and not finished.
      await waitFor(
        'the refresh to start',
        async () => {
          const n = Number(
            (await db('mlops_maturity_refresh_runs').count({ n: '*' }))[0].n,
          );
          return n > runsBefore ? true : undefined;
        },
        60_000,
        5,
      );
      cluster.stop('immediate');
      await new Promise(r => setTimeout(r, 1000));
      cluster.start();
      const interrupted = await pending;
      // The refresh failed cleanly (503), or finished before the stop (200).
      expect([200, 503]).toContain(interrupted.status);
      // Whatever the refresh managed, it is all or nothing.
      const historyMid = Number(
        (await db('mlops_maturity_history').count({ n: '*' }))[0].n,
      );
      expect(await historyProblems(db)).toEqual([]);
      await waitFor('the backend to reach the database again', async () =>
        (await child.get(`${API}/fleet?limit=1`)).status === 200
          ? true
          : undefined,
      );
      const next = await child.post(`${API}/refresh`);
      expect(next.status).toBe(200);
      expect(await historyProblems(db)).toEqual([]);
      const fleet = await child.json(`${API}/fleet?limit=1`);
      expect(fleet.stale).toBe(false);
      expect(fleet.totalItems).toBe(JSON.parse(next.body).entityCount);
      faults.push(
        `| PostgreSQL stopped (immediate) and restarted mid-refresh | the interrupted refresh answered ${
          interrupted.status
        }; history ${historyBefore} → ${historyMid} rows (all or nothing, no gap, no duplicate); the next refresh completed (${
          JSON.parse(next.body).changes
        } changes) |`,
      );
      await child.stop();
    }, 600_000);

    it('the backend SIGKILLed mid-refresh and restarted: no duplicates or gaps in history', async () => {
      writeEntities(file, entities(0));
      const settings = {
        role: 'all' as const,
        port: await freePort(),
        database: { client: 'pg', connection: cluster.url, prefix: 'kill_' },
        entitiesFile: file,
      };
      let child = await start(settings);
      await catalogAt(child, 0);
      expect((await child.post(`${API}/refresh`)).status).toBe(200);
      const db = pluginDb(cluster.url, 'kill_', 'mlops-maturity');
      dbs.push(db);
      writeEntities(file, entities(3));
      await catalogAt(child, 3);
      const runsBefore = Number(
        (await db('mlops_maturity_refresh_runs').count({ n: '*' }))[0].n,
      );
      const pending = child.post(`${API}/refresh`).catch(e => e);
      await waitFor(
        'the refresh to start',
        async () => {
          const n = Number(
            (await db('mlops_maturity_refresh_runs').count({ n: '*' }))[0].n,
          );
          return n > runsBefore ? true : undefined;
        },
        60_000,
        5,
      );
      await new Promise(r => setTimeout(r, 300));
      await child.kill();
      await pending;
      expect(await historyProblems(db)).toEqual([]);

      child = await start(settings);
      const next = await child.post(`${API}/refresh`);
      expect(next.status).toBe(200);
      expect(await historyProblems(db)).toEqual([]);
      const dupes = await db('mlops_maturity_history')
        .select('entity_ref', 'changed_at')
        .count({ n: '*' })
        .groupBy('entity_ref', 'changed_at')
        .having(db.raw('count(*) > 1'));
      expect(dupes).toEqual([]);
      const fleet = await child.json(`${API}/fleet?limit=1`);
      expect(fleet.stale).toBe(false);
      faults.push(
        `| backend SIGKILLed mid-refresh, restarted | the next refresh completed (${
          JSON.parse(next.body).changes
        } changes); history without duplicates or gaps, ending at the snapshot's level for all ${
          fleet.totalItems
        } components |`,
      );
      await child.stop();
    }, 600_000);
  },
);
