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

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { freePort } from './child';

/** The PostgreSQL server the tests may use (as .ci/run sets it), if any. */
export const postgresUrl: string | undefined = [18, 17, 16, 15, 14, 13]
  .map(
    v => process.env[`BACKSTAGE_TEST_DATABASE_POSTGRES${v}_CONNECTION_STRING`],
  )
  .find(Boolean);

/** A unique database prefix, so that runs never share state. */
export function uniquePrefix(what: string): string {
  return `mmrel_${what}_${Date.now().toString(36)}_${process.pid}_`;
}

/** A knex client on one of a backend's plugin databases. */
export function pluginDb(
  connection: string,
  prefix: string,
  pluginId: string,
): Knex {
  const url = new URL(connection);
  url.pathname = `/${prefix}${pluginId}`;
  return knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 2 },
  });
}

/** Drops every database whose name starts with the prefix. */
export async function dropDatabases(connection: string, prefix: string) {
  const admin = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: 1 },
  });
  try {
    const { rows } = await admin.raw(
      'SELECT datname FROM pg_database WHERE datname LIKE ?',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}

/** Debian's PostgreSQL binaries (the newest), if installed. */
export const pgBin: string | undefined = (() => {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter(v => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length
    ? path.join(root, versions[versions.length - 1], 'bin')
    : undefined;
})();

/** Runs a command as the postgres user (directly when we are not root). */
function asPostgres(command: string) {
  if (process.getuid?.() === 0) {
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command], {
      stdio: 'pipe',
    });
  } else {
    execFileSync('/bin/sh', ['-c', command], { stdio: 'pipe' });
  }
}

/** Whether we can run a throw-away PostgreSQL cluster of our own. */
export const canRunCluster =
  Boolean(pgBin) &&
  (process.getuid?.() === 0 || os.userInfo().username === 'postgres');

/**
 * A throw-away PostgreSQL cluster on a loopback port, as .ci/run starts one,
 * that the tests may stop, start and restart.
 */
export class ThrowawayCluster {
  private constructor(readonly dir: string, readonly port: number) {}

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}`;
  }

  static async create(): Promise<ThrowawayCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-rel-pg-'));
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
    const cluster = new ThrowawayCluster(dir, await freePort());
    asPostgres(
      `'${pgBin}/initdb' -D '${dir}/data' -U postgres --auth=trust -E UTF8 >/dev/null`,
    );
    cluster.start();
    return cluster;
  }

  start() {
    asPostgres(
      `'${pgBin}/pg_ctl' -D '${this.dir}/data' -o '-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200' -l '${this.dir}/log' -w start >/dev/null`,
    );
  }

  /** Stops the server the way a crash would (immediate: no checkpoint). */
  stop(mode: 'immediate' | 'fast' = 'immediate') {
    asPostgres(
      `'${pgBin}/pg_ctl' -D '${this.dir}/data' -m ${mode} -w stop >/dev/null`,
    );
  }

  destroy() {
    try {
      this.stop('fast');
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
