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
import { runLoad } from './lib/load';
import { dropDatabases, postgresUrl, uniquePrefix } from './lib/postgres';
import { recordFigures } from './lib/report';

const CONCURRENCY = 100;
const WARMUP_MS = FULL ? 15_000 : 8_000;
const DURATION_MS = FULL ? 60_000 : 10_000;
const SYNTHETIC = FULL ? 2000 : 300;

describe('load: concurrency 100 on the fleet and one-entity routes during refreshes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-rel-load-'));
  const file = path.join(dir, 'entities.json');
  const prefix = uniquePrefix('load');
  const synthetic = syntheticEntities(SYNTHETIC);
  const mlCount = 0;
  let backend: ChildBackend | undefined;

  afterAll(async () => {
    await backend?.stop();
    if (postgresUrl) await dropDatabases(postgresUrl, prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves every request, keeps memory flat and p99 bounded', async () => {
    writeEntities(file, [...exampleEntities(), ...synthetic]);
    backend = await ChildBackend.start({
      role: 'all',
      database: postgresUrl
        ? { client: 'pg', connection: postgresUrl, prefix }
        : { client: 'better-sqlite3', connection: ':memory:' },
      entitiesFile: file,
    });
    const b = backend;
    // The real auth service: no token, no data.
    expect((await b.get(`${API}/fleet`, null)).status).toBe(401);
    expect(
      (await b.get(`${API}/badge/component/default/credit-default-model`, null))
        .status,
    ).toBe(401);
    expect((await b.get(`${API}/fleet`, 'not-the-token')).status).toBe(401);

    const expected = await waitFor(
      'the catalog to hold every synthetic model',
      async () => {
        const res = await b.post(`${API}/refresh`);
        if (res.status !== 200) return undefined;
        const body = JSON.parse(res.body);
        return body.entityCount >= SYNTHETIC + 10
          ? body.entityCount
          : undefined;
      },
      240_000,
      2000,
    );
    void mlCount;

    const names = synthetic.map(e => e.metadata.name);
    const paths: string[] = [];
    for (let i = 0; i < 50; i++) {
      const name = names[(i * 7) % names.length];
      paths.push(
        `${API}/fleet?limit=50`,
        `${API}/entities/component/default/${name}/assessment`,
        `${API}/fleet?limit=20&sort=-gap&belowTarget=true`,
        `${API}/history/entity/component/default/${name}`,
        `${API}/badge/component/default/${name}`,
      );
    }

    let refreshes = 0;
    let refreshFailures = 0;
    const refreshLoop = async (until: number) => {
      while (Date.now() < until) {
        const res = await b.post(`${API}/refresh`);
        if (res.status === 200) refreshes++;
        else refreshFailures++;
      }
    };

    // Warm-up: the same load, then the reference RSS.
    const warmUntil = Date.now() + WARMUP_MS;
    const [warm] = await Promise.all([
      runLoad({
        base: b.url,
        paths,
        concurrency: CONCURRENCY,
        durationMs: WARMUP_MS,
      }),
      refreshLoop(warmUntil),
    ]);
    const rssWarm = await b.rssAfterGc();

    const until = Date.now() + DURATION_MS;
    refreshes = 0;
    const [load] = await Promise.all([
      runLoad({
        base: b.url,
        paths,
        concurrency: CONCURRENCY,
        durationMs: DURATION_MS,
      }),
      refreshLoop(until),
    ]);
    const rssEnd = await b.rssAfterGc();
    const growth = rssEnd / rssWarm - 1;

    recordFigures('load', {
      title: 'Load',
      lines: [
        `One backend (real catalog + MLOps maturity, ${
          postgresUrl ? 'PostgreSQL' : 'SQLite'
        }) in a child process on 127.0.0.1, ${expected} ML components. Concurrency ${CONCURRENCY} for ${
          DURATION_MS / 1000
        } s after a ${
          WARMUP_MS / 1000
        } s warm-up, round robin over the fleet list (two filters and sorts) and the live assessment, history and badge of 50 entities, while \`POST /refresh\` runs back to back.`,
        '',
        '| figure | value |',
        '| --- | --- |',
        `| requests served | ${load.requests} (${Math.round(
          load.requests / (DURATION_MS / 1000),
        )}/s) |`,
        `| errors | ${load.errors} |`,
        `| latency p50 / p99 / max | ${load.p50.toFixed(
          0,
        )} / ${load.p99.toFixed(0)} / ${load.max.toFixed(0)} ms |`,
        `| refreshes completed during the run | ${refreshes} (failed: ${refreshFailures}) |`,
        `| RSS after warm-up → at the end | ${(rssWarm / 2 ** 20).toFixed(
          0,
        )} MB → ${(rssEnd / 2 ** 20).toFixed(0)} MB (${(growth * 100).toFixed(
          1,
        )} %) |`,
        `| warm-up requests / errors | ${warm.requests} / ${warm.errors} |`,
      ],
    });

    expect(load.errorSamples).toEqual([]);
    expect(warm.errorSamples).toEqual([]);
    expect(load.errors).toBe(0);
    expect(refreshFailures).toBe(0);
    expect(refreshes).toBeGreaterThan(0);
    expect(growth).toBeLessThanOrEqual(0.1);
  }, 600_000);
});
