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

import { TestDatabaseId } from '@backstage/backend-test-utils';
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
