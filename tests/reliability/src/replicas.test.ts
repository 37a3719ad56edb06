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
import { ChildBackend, FULL, waitFor, writeEntities, API } from './lib/child';
import { exampleEntities, syntheticEntities } from './lib/entities';
import { historyProblems } from './lib/history';
import { runLoad } from './lib/load';
import {
  dropDatabases,
  pluginDb,
  postgresUrl,
  uniquePrefix,
} from './lib/postgres';
import { recordFigures } from './lib/report';

const FREQUENCY_S = 4;
const DURATION_MS = FULL ? 60_000 : 14_000;
const SYNTHETIC = FULL ? 1000 : 200;

/** PostgreSQL only: registered when a server is there. */
(postgresUrl ? describe : () => undefined)(
  'two replicas on one PostgreSQL under load',
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-rel-replicas-'));
    const file = path.join(dir, 'entities.json');
    const prefix = uniquePrefix('replicas');
    const replicas: ChildBackend[] = [];

    afterAll(async () => {
      for (const r of replicas) await r.stop();
      await dropDatabases(postgresUrl!, prefix);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('runs one refresh per interval and both replicas answer alike', async () => {
      writeEntities(file, [
        ...exampleEntities(),
        ...syntheticEntities(SYNTHETIC),
      ]);
      const settings = {
        role: 'all' as const,
        database: { client: 'pg', connection: postgresUrl!, prefix },
        entitiesFile: file,
        schedule: {
          frequency: { seconds: FREQUENCY_S },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 1 },
        },
      };
      // One after the other: both run the migrations on the same database.
      replicas.push(await ChildBackend.start(settings));
      replicas.push(await ChildBackend.start(settings));
      const [a, b] = replicas;
      await waitFor(
        'a scheduled refresh of the whole fleet',
        async () => {
          const fleet = await a.json(`${API}/fleet?limit=1`);
          return fleet.totalItems >= SYNTHETIC + 10 && !fleet.stale
            ? true
            : undefined;
        },
        240_000,
        1000,
      );

      const db = pluginDb(postgresUrl!, prefix, 'mlops-maturity');
      try {
        const windowStart = new Date();
        const paths = [
          `${API}/fleet?limit=50`,
          `${API}/fleet?limit=20&sort=-level`,
          `${API}/entities/component/default/synthetic-model-00001/assessment`,
          `${API}/badge/component/default/synthetic-model-00002`,
          `${API}/rollups?by=owner`,
        ];
        const [la, lb] = await Promise.all([
          runLoad({
            base: a.url,
            paths,
            concurrency: 50,
            durationMs: DURATION_MS,
          }),
          runLoad({
            base: b.url,
            paths,
            concurrency: 50,
            durationMs: DURATION_MS,
          }),
        ]);
        const windowEnd = new Date();

        // Let the last refresh of the window finish.
        await waitFor(
          'no refresh running',
          async () => {
            const running = await db('mlops_maturity_refresh_runs')
              .whereNull('finished_at')
              .first();
            return running ? undefined : true;
          },
          60_000,
          100,
        );
        const runs = await db('mlops_maturity_refresh_runs')
          .where('started_at', '>=', windowStart)
          .where('started_at', '<=', windowEnd)
          .orderBy('started_at');
        // Never two at once: each run starts after the previous one ended.
        for (let i = 1; i < runs.length; i++) {
          const prevEnd = runs[i - 1].finished_at;
          expect(prevEnd).not.toBeNull();
          expect(new Date(runs[i].started_at).getTime()).toBeGreaterThanOrEqual(
            new Date(prevEnd).getTime(),
          );
        }
        const intervals = DURATION_MS / 1000 / FREQUENCY_S;
        expect(runs.length).toBeGreaterThanOrEqual(1);
        expect(runs.length).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
        expect(
          runs
            .filter((r: any) => r.status !== 'succeeded')
            .map((r: any) => r.error),
        ).toEqual([]);
        // Consistent answers: the same snapshot from both replicas, once each
        // has looked at the database again (a replica re-checks the snapshot
        // version and the refresh runs at most once a second).
        await new Promise(resolve => setTimeout(resolve, 1100));

        const [fa, fb] = await Promise.all([
          a.json(`${API}/fleet?limit=500`),
          b.json(`${API}/fleet?limit=500`),
        ]);
        expect(fb.items).toEqual(fa.items);
        expect(fb.generatedAt).toBe(fa.generatedAt);
        expect(fb.facets).toEqual(fa.facets);
        const [ca, cb] = await Promise.all([
          a.json(`${API}/changes?limit=200`),
          b.json(`${API}/changes?limit=200`),
        ]);
        expect(cb.items).toEqual(ca.items);
        expect(await historyProblems(db)).toEqual([]);

        const errors = la.errors + lb.errors;
        recordFigures('replicas', {
          title: 'Two replicas on one PostgreSQL',
          lines: [
            `Two backends (catalog + MLOps maturity) in child processes on one PostgreSQL, the refresh scheduled every ${FREQUENCY_S} s (scope global), concurrency 50 on each for ${
              DURATION_MS / 1000
            } s, ${fa.totalItems} ML components.`,
            '',
            '| figure | value |',
            '| --- | --- |',
            `| requests served (replica A + B) | ${la.requests} + ${lb.requests} |`,
            `| errors | ${errors} |`,
            `| p99 (A / B) | ${la.p99.toFixed(0)} / ${lb.p99.toFixed(0)} ms |`,
            `| refreshes in the window (at most one per interval: ${Math.ceil(
              intervals,
            )}) | ${runs.length}, none overlapping |`,
            `| answers of A and B after the run | identical (fleet, facets, change log, generatedAt) |`,
          ],
        });
        expect([...la.errorSamples, ...lb.errorSamples]).toEqual([]);
        expect(errors).toBe(0);
      } finally {
        await db.destroy();
      }
    }, 600_000);
  },
);
