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

import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import knexFactory, { Knex } from 'knex';

/**
 * The PostgreSQL test databases whose connection string is set, e.g.
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://user:pass@host:5432
 * (.ci/run starts Debian's PostgreSQL 15 and sets it). Without one, none is
 * listed, since TestDatabases would otherwise try Docker.
 */
export const postgresIds: TestDatabaseId[] = ([18, 17, 16, 15, 14, 13] as const)
  .filter(
    v => process.env[`BACKSTAGE_TEST_DATABASE_POSTGRES${v}_CONNECTION_STRING`],
  )
  .map(v => `POSTGRES_${v}` as TestDatabaseId);

/** SQLite always, and the PostgreSQL databases that are configured. */
export const testDatabaseIds: TestDatabaseId[] = ['SQLITE_3', ...postgresIds];

/**
 * A second, independent connection pool to the same database, as another
 * backend replica would have. For SQLite (in memory) it is the same client.
 * The caller destroys it when it differs from `knex`.
 */
export function anotherClient(knex: Knex): Knex {
  const { client, connection } = knex.client.config;
  if (String(client).includes('sqlite')) return knex;
  return knexFactory({ client, connection, pool: { min: 0, max: 5 } });
}

/**
 * Backstage's default database service (in-memory SQLite without
 * `backend.database`), except that each plugin's client is destroyed when
 * the backend stops. Backstage's `DatabaseManager.shutdown` means to
 * destroy every client but SQLite's, yet destroys none: it tests
 * `connection.client.config.includes('sqlite3')`, and `config` is an
 * object, so the call throws inside its `Promise.allSettled`. In a test,
 * the pools' reaping timers then outlive the backend and keep the Jest
 * worker from exiting ("a worker process has failed to exit gracefully").
 * Should Backstage fix it, a second `destroy()` does nothing.
 */
export const closingDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    return DatabaseManager.fromConfig(
      config.getOptional('backend.database')
        ? config
        : new ConfigReader({
            backend: {
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
          }),
      { rootLifecycle, rootLogger },
    );
  },
  async factory({ pluginMetadata, lifecycle, logger, rootLifecycle }, manager) {
    const database = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    let client: Promise<Knex> | undefined;
    // The root's hooks run after every plugin has stopped using its client.
    rootLifecycle.addShutdownHook(async () => {
      await (await client?.catch(() => undefined))?.destroy();
    });
    return {
      ...database,
      getClient: () => (client ??= database.getClient()),
    };
  },
});
