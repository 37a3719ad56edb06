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

import { Entity } from '@backstage/catalog-model';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { defaultRubric } from '@mlops-maturity/plugin-mlops-maturity-common';
import { DatabaseMaturityStore } from '../database/DatabaseMaturityStore';
import { testDatabaseIds } from '../__testUtils__/databases';
import { CatalogFleetReader } from './CatalogFleetReader';
import { FleetScorer } from './FleetScorer';
import { RefreshService } from './RefreshService';

const databases = TestDatabases.create({ ids: testDatabaseIds });

/** A Group of two, its Users, and `count` ML components it owns. */
function fleet(count: number, registry: boolean): Entity[] {
  const org: Entity[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'ml-team', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    ...['ann', 'bob'].map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name, namespace: 'default' },
      spec: { memberOf: ['ml-team'] },
    })),
  ];
  const components: Entity[] = Array.from({ length: count }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `model-${i}`,
      namespace: 'default',
      annotations: Object.fromEntries(
        registry ? [['mlops/model-registry', `https://mlflow/m${i}`]] : [],
      ),
    },
    spec: { type: 'ml-model', owner: 'ml-team' },
  }));
  return [...org, ...components];
}

describe.each(databases.eachSupportedId())('RefreshService (%s)', id => {
  afterEach(() => jest.restoreAllMocks());

  it('lets the request for the next page through before the page it has is scored', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseMaturityStore.create({
      database: { getClient: async () => knex },
    });
    const entities = fleet(1500, true);
    const catalog = catalogServiceMock({ entities });
    let scored = 0;
    const addPage = FleetScorer.prototype.addPage;
    jest
      .spyOn(FleetScorer.prototype, 'addPage')
      .mockImplementation(function counted(this: FleetScorer, page) {
        scored += page.length;
        return addPage.call(this, page);
      });
    // In a backend, the catalog's request takes a few turns of the event
    // loop (token, HTTP) before its query reaches the database.
    const scoredWhenQueried: number[] = [];
    const query = catalog.queryEntities.bind(catalog);
    jest
      .spyOn(catalog, 'queryEntities')
      .mockImplementation(async (request, options) => {
        for (let turn = 0; turn < 3; turn++) {
          await new Promise(resolve => setImmediate(resolve));
        }
        if (request && 'cursor' in request) scoredWhenQueried.push(scored);
        return query(request, options);
      });
    const service = new RefreshService({
      reader: new CatalogFleetReader(catalog, defaultRubric),
      store,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      rubric: defaultRubric,
    });

    const result = await service.refresh();

    expect(result).toMatchObject({ status: 'succeeded', entityCount: 1500 });
    expect(scored).toBe(entities.length);
    // Pages of 500: the query for each following page reached the
    // database while the page before it was still being scored, not once
    // all of it was.
    expect(scoredWhenQueried).toHaveLength(3);
    scoredWhenQueried.forEach((count, page) => {
      expect(count).toBeLessThan((page + 1) * 500);
    });
  });

  it('tells the notifier of each refresh that changed something, and succeeds when it fails', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseMaturityStore.create({
      database: { getClient: async () => knex },
    });
    const catalog = catalogServiceMock({ entities: fleet(3, true) });
    const notify = jest.fn(async (_assessedAt: Date) => 1);
    const logger = mockServices.logger.mock();
    const service = new RefreshService({
      reader: new CatalogFleetReader(catalog, defaultRubric),
      store,
      auth: mockServices.auth(),
      logger,
      rubric: defaultRubric,
      notifier: { notify },
    });

    const first = await service.refresh();
    expect(first.changes).toBe(3);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith(first.startedAt);
    // Nothing changed: nothing to tell.
    expect((await service.refresh()).changes).toBe(0);
    expect(notify).toHaveBeenCalledTimes(1);

    notify.mockRejectedValueOnce(new Error('no notifications backend'));
    const changed = new RefreshService({
      reader: new CatalogFleetReader(
        catalogServiceMock({ entities: fleet(2, true) }),
        defaultRubric,
      ),
      store,
      auth: mockServices.auth(),
      logger,
      rubric: defaultRubric,
      notifier: { notify },
    });
    const result = await changed.refresh();
    expect(result).toMatchObject({ status: 'succeeded', changes: 1 });
    expect(notify).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not notify the level drops of this refresh: no notifications backend',
    );
  });

  it('keeps the last snapshot when the catalog fails part-way through the read', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseMaturityStore.create({
      database: { getClient: async () => knex },
    });
    const catalog = catalogServiceMock({ entities: fleet(2500, false) });
    const reader = new CatalogFleetReader(catalog, defaultRubric);
    const logger = mockServices.logger.mock();
    const service = new RefreshService({
      reader,
      store,
      auth: mockServices.auth(),
      logger,
      rubric: defaultRubric,
    });
    const first = await service.refresh();
    expect(first).toMatchObject({ status: 'succeeded', entityCount: 2500 });
    const snapshot = await store.listSnapshot();
    const history = await store.listChanges({ limit: 10_000 });

    // The catalog now has a registry for every component, but fails after
    // three pages: enough settled entries that a batch is written while
    // reading (1,000 per batch), before the failure.
    const changed = fleet(2500, true);
    jest.spyOn(reader, 'pages').mockImplementation(async function* pages() {
      for (let i = 0; i < 1500; i += 500) yield changed.slice(i, i + 500);
      throw new Error('The catalog could not be read: connect ECONNREFUSED');
    });
    const second = await service.refresh();

    expect(second.status).toBe('failed');
    expect(second.error).toBe(
      'The catalog could not be read: connect ECONNREFUSED',
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/keeping the last snapshot: .*ECONNREFUSED/),
    );
    expect(await store.listSnapshot()).toEqual(snapshot);
    expect(await store.listChanges({ limit: 10_000 })).toEqual(history);
    expect((await store.getRuns()).last).toMatchObject({
      status: 'failed',
      error: 'The catalog could not be read: connect ECONNREFUSED',
    });

    // And a refresh that reads it all writes the change.
    jest.mocked(reader.pages).mockRestore();
    const third = await new RefreshService({
      reader: new CatalogFleetReader(
        catalogServiceMock({ entities: changed }),
        defaultRubric,
      ),
      store,
      auth: mockServices.auth(),
      logger,
      rubric: defaultRubric,
    }).refresh();
    expect(third).toMatchObject({ status: 'succeeded', changes: 2500 });
    expect(
      snapshot.every(row => row.failingChecks.includes('model-registry')),
    ).toBe(true);
    expect(
      (await store.listSnapshot()).some(row =>
        row.failingChecks.includes('model-registry'),
      ),
    ).toBe(false);
  }, 60_000);
});
