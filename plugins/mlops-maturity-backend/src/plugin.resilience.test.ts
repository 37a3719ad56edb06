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

import request from 'supertest';
import { Knex } from 'knex';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mlopsMaturityPlugin } from './plugin';
import {
  expectedAssessments,
  loadExampleEntities,
} from './__testUtils__/examples';
import {
  anotherClient,
  closingDatabaseServiceFactory,
  postgresIds,
} from './__testUtils__/databases';

const API = '/api/mlops-maturity';
const TASK = 'mlops-maturity-refresh';
const user = mockCredentials.user.header();
const mlCount = expectedAssessments().size;

/** The example catalog, whose every read fails while `down` is true. */
function flakyCatalog() {
  const catalog = catalogServiceMock({ entities: loadExampleEntities() });
  const state = { down: false };
  const proxy = new Proxy(catalog, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        state.down
          ? Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:7007'))
          : value.apply(target, args);
    },
  }) as CatalogService;
  return { catalog: proxy, state };
}

function catalogFactory(catalog: CatalogService) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

describe('when the catalog cannot be read', () => {
  it('keeps the last snapshot, records the failed run, and says the data is stale', async () => {
    const { catalog, state } = flakyCatalog();
    const scheduler = mockServices.scheduler.mock();
    const backend = await startTestBackend({
      features: [
        mlopsMaturityPlugin,
        catalogFactory(catalog),
        scheduler.factory,
        closingDatabaseServiceFactory,
        mockServices.rootConfig.factory({
          data: { mlopsMaturity: { schedule: { frequency: { hours: 1 } } } },
        }),
      ],
    });
    const get = (url: string) =>
      request(backend.server).get(`${API}${url}`).set('authorization', user);
    // The task as scheduled, with the configured schedule over the defaults.
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: TASK,
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 15 },
    });
    const runTask = () => task.fn(new AbortController().signal);
    try {
      await runTask();
      const good = await get('/fleet?limit=500');
      expect(good.status).toBe(200);
      expect(good.body.totalItems).toBe(mlCount);
      expect(good.body.stale).toBe(false);
      expect(good.body.lastError).toBeNull();
      const generatedAt = good.body.generatedAt;
      expect(generatedAt).toEqual(expect.any(String));
      const history = (await get('/changes?limit=200')).body.items;
      expect(history).toHaveLength(mlCount);

      state.down = true;
      // The scheduled task does not throw; it logs and records the failure.
      await expect(runTask()).resolves.toBeUndefined();

      const stale = await get('/fleet?limit=500');
      expect(stale.status).toBe(200);
      expect(stale.body.items).toEqual(good.body.items);
      expect(stale.body).toMatchObject({
        generatedAt,
        stale: true,
        lastError: expect.stringContaining('ECONNREFUSED'),
        lastRefresh: { status: 'failed' },
      });
      expect(stale.body.dataAge).toEqual(expect.any(Number));
      for (const url of [
        '/rollups?by=owner',
        '/history/fleet',
        '/changes',
        '/health',
      ]) {
        const res = await get(url);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        expect(res.body).toMatchObject({
          generatedAt,
          stale: true,
          lastError: expect.stringContaining('ECONNREFUSED'),
          dataAge: expect.any(Number),
        });
      }
      const csv = await get('/fleet.csv');
      expect(csv.status).toBe(200);
      expect(csv.headers['x-generated-at']).toBe(generatedAt);
      expect(csv.headers['x-stale']).toBe('true');
      expect(csv.text.trim().split('\r\n')).toHaveLength(mlCount + 1);

      const live = await get(
        '/entities/component/default/credit-default-model/assessment',
      );
      expect(live.status).toBe(503);
      expect(live.body.error.name).toBe('ServiceUnavailableError');
      expect(live.body.error.message).toMatch(
        /^The catalog could not be reached to read component:default\/credit-default-model: .*ECONNREFUSED/,
      );
      const manual = await request(backend.server)
        .post(`${API}/refresh`)
        .set('authorization', mockCredentials.service.header());
      expect(manual.status).toBe(503);
      expect(manual.body.error.message).toMatch(/last snapshot is kept/);

      expect((await get('/changes?limit=200')).body.items).toEqual(history);

      state.down = false;
      await runTask();
      const recovered = await get('/fleet?limit=1');
      expect(recovered.body.stale).toBe(false);
      expect(recovered.body.lastError).toBeNull();
      expect(recovered.body.generatedAt > generatedAt).toBe(true);
      expect((await get('/changes?limit=200')).body.items).toEqual(history);
    } finally {
      await backend.stop();
    }
  });
});

// Only where a PostgreSQL server is configured (see __testUtils__/databases).
if (postgresIds.length > 0) {
  const databases = TestDatabases.create({ ids: postgresIds });

  describe.each(postgresIds)('two backend replicas sharing %s', id => {
    it('refresh once per interval and never duplicate history', async () => {
      const knexA = await databases.init(id);
      const knexB = anotherClient(knexA);
      const frequencyMs = 2000;
      const start = (knex: Knex) =>
        startTestBackend({
          features: [
            mlopsMaturityPlugin,
            catalogFactory(
              catalogServiceMock({ entities: loadExampleEntities() }),
            ),
            // Each replica has its own connection pool to the same database,
            // and the real, database-backed scheduler.
            mockServices.database.factory({ knex }),
            schedulerServiceFactory,
            mockServices.rootConfig.factory({
              data: {
                mlopsMaturity: {
                  schedule: {
                    frequency: { milliseconds: frequencyMs },
                    timeout: { seconds: 30 },
                    initialDelay: { milliseconds: 200 },
                  },
                },
              },
            }),
          ],
        });
      const startedAt = Date.now();
      const a = await start(knexA);
      const b = await start(knexB);
      try {
        await new Promise(resolve => setTimeout(resolve, 5 * frequencyMs));
      } finally {
        await a.stop();
        await b.stop();
      }
      // Let a run that was under way when the replicas stopped finish.
      const deadline = Date.now() + 10_000;
      while (
        (await knexA('mlops_maturity_refresh_runs').where('status', 'running'))
          .length > 0 &&
        Date.now() < deadline
      ) {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      const elapsed = Date.now() - startedAt;
      await knexB.destroy();

      const runs = await knexA('mlops_maturity_refresh_runs').orderBy('id');
      expect(runs.every(r => r.status === 'succeeded')).toBe(true);
      expect(runs.length).toBeGreaterThanOrEqual(2);
      // Once per interval, not once per replica per interval.
      expect(runs.length).toBeLessThanOrEqual(
        Math.floor(elapsed / frequencyMs) + 2,
      );
      // The scheduler never runs the task on both replicas at once.
      const spans = runs
        .map(r => [new Date(r.started_at), new Date(r.finished_at)])
        .sort((x, y) => x[0].getTime() - y[0].getTime());
      for (let i = 1; i < spans.length; i++) {
        expect(spans[i][0].getTime()).toBeGreaterThanOrEqual(
          spans[i - 1][1].getTime(),
        );
      }

      const history = await knexA('mlops_maturity_history').select(
        'entity_ref',
      );
      expect(history).toHaveLength(mlCount);
      expect(new Set(history.map(h => h.entity_ref)).size).toBe(mlCount);
    }, 60_000);
  });
}
