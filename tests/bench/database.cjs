/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The bench's databases: PostgreSQL when its variable is set (as in
// .ci/run), each plugin in a database of its own under a prefix, dropped by
// the bench; otherwise the backend's in-memory SQLite.
'use strict';

const PG = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

/** The `backend.database` config for a prefix, or nothing for SQLite. */
function databaseConfig(prefix) {
  return PG
    ? {
        database: {
          client: 'pg',
          connection: PG,
          prefix,
          pluginDivisionMode: 'database',
        },
      }
    : {};
}

/** The connection string of one database on the bench's server. */
function databaseUrl(name) {
  const url = new URL(PG);
  url.pathname = `/${name}`;
  return url.href;
}

/** Drops the databases whose names start with the prefix (and match `only`). */
async function dropDatabases(prefix, only = '%') {
  const knex = require('knex')({ client: 'pg', connection: PG });
  try {
    const { rows } = await knex.raw(
      'SELECT datname FROM pg_database WHERE datname LIKE ?',
      [`${prefix}${only}`],
    );
    for (const { datname } of rows)
      await knex.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
  } finally {
    await knex.destroy();
  }
}

module.exports = { PG, databaseConfig, databaseUrl, dropDatabases };
