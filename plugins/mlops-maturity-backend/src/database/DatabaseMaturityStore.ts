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
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { hash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Knex } from 'knex';
import type { OwnerFacts } from '@mlops-maturity/plugin-mlops-maturity-common';
import {
  FleetDayCount,
  FlippedCheck,
  HistoryEntry,
  MaturityStore,
  SNAPSHOT_TEXT_FILTERS,
  VersionedMaturityStore,
  textFilterValues,
  RefreshRun,
  SnapshotEntry,
  SnapshotFacetCounts,
  SnapshotFilter,
  SnapshotPageRequest,
  SnapshotRollupCount,
  SnapshotRow,
  SnapshotSortField,
  SortedSnapshotRow,
  StoredSnapshotIndex,
} from './MaturityStore';

const migrationsDir = resolvePackagePath(
  '@mlops-maturity/plugin-mlops-maturity-backend',
  'migrations',
);

const SNAPSHOT = 'mlops_maturity_snapshot';
const HISTORY = 'mlops_maturity_history';
const DAILY = 'mlops_maturity_fleet_daily';
const RUNS = 'mlops_maturity_refresh_runs';
const LOCK = 'mlops_maturity_refresh_lock';

/** Owner facts as one compact JSON document: `[[ref, members|null, count]]`. */
function encodeOwnerFacts(facts: ReadonlyMap<string, OwnerFacts>): string {
  const rows: Array<[string, number | null, number]> = [];
  for (const [ref, f] of facts) {
    rows.push([ref, f.groupMemberCount ?? null, f.mlComponentCount]);
  }
  return JSON.stringify(rows);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Reads what {@link encodeOwnerFacts} wrote. The column is only ever written
 * by this store, but an entry that is not as written is skipped rather than
 * trusted: the live route then reads that owner from the catalog.
 */
function decodeOwnerFacts(text: unknown): Map<string, OwnerFacts> {
  const facts = new Map<string, OwnerFacts>();
  if (typeof text !== 'string' || !text) return facts;
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch {
    return facts;
  }
  if (!Array.isArray(rows)) return facts;
  for (const row of rows) {
    if (!Array.isArray(row) || typeof row[0] !== 'string') continue;
    const [ref, members, count] = row;
    if (!isCount(count) || (members !== null && !isCount(members))) continue;
    facts.set(ref, {
      ...(members === null ? {} : { groupMemberCount: members }),
      mlComponentCount: count,
    });
  }
  return facts;
}

/** The columns of a snapshot row. */
const ROW_COLUMNS = [
  'entity_ref',
  'kind',
  'namespace',
  'name',
  'title',
  'owner',
  'system',
  'domain',
  'type',
  'lifecycle',
  'level',
  'target_level',
  'claimed_level',
  'failing_checks',
  'waived',
  'problems',
  'level_changed_at',
];

type Dialect = 'pg' | 'sqlite' | 'mysql' | 'other';

function dialectOf(db: Knex): Dialect {
  const client = String(db.client.config.client ?? '');
  if (client === 'pg' || client.includes('postgres')) return 'pg';
  if (client.includes('sqlite')) return 'sqlite';
  if (client.includes('mysql')) return 'mysql';
  return 'other';
}

/**
 * Rows per insert statement. PostgreSQL gets all rows as one JSON text (a
 * handful of parameters for any number of rows); `better-sqlite3` one row
 * per run of a prepared statement. Elsewhere knex writes one term per row, and
 * 20 columns of 250 rows stay far below every database's limit on bound
 * values.
 */
const INSERT_CHUNK = { json: 1000, other: 250 };
/** Entries compared with the stored snapshot per read. */
const WRITE_BATCH = 1000;
/** Batches queued for the connection before the producer waits for one. */
const WRITES_IN_FLIGHT = 4;
/** Stored refs and hashes read per query. */
const STORED_PAGE = 10_000;
/** What a refresh holds of a stored row: read once, under the lock. */
interface StoredRow {
  entity_ref: string;
  row_hash: string | null;
  source_key: string | null;
  level: number;
  /** UNSEEN, SEEN (an entry of the new snapshot has it) or KEPT. */
  state: number;
}
const UNSEEN = 0;
const SEEN = 1;
/** Kept as it is without an entry ({@link StoredSnapshotIndex.keep}). */
const KEPT = 2;

/** System Domains as one compact JSON document: `[[system, domain]]`. */
function encodeSystemDomains(domains: ReadonlyMap<string, string>): string {
  return JSON.stringify([...domains]);
}

/** Reads what {@link encodeSystemDomains} wrote; anything else reads as empty. */
function decodeSystemDomains(text: unknown): Map<string, string> {
  const domains = new Map<string, string>();
  if (typeof text !== 'string' || !text) return domains;
  try {
    const rows: unknown = JSON.parse(text);
    if (!Array.isArray(rows)) return domains;
    for (const row of rows) {
      if (
        Array.isArray(row) &&
        typeof row[0] === 'string' &&
        typeof row[1] === 'string'
      ) {
        domains.set(row[0], row[1]);
      }
    }
  } catch {
    // As if the stored snapshot knew no Domain: its Systems' components are scored again.
  }
  return domains;
}

/**
 * The columns a refresh writes into a snapshot row, in the order of
 * {@link rowValues}: those read back, then the derived ones.
 */
const WRITE_COLUMNS = [
  ...ROW_COLUMNS,
  'failing_count',
  'row_hash',
  'assessed_at',
  'source_key',
];

const LEVEL = WRITE_COLUMNS.indexOf('level');

/** The columns of a history entry. */
const HISTORY_COLUMNS = [
  'entity_ref',
  'changed_at',
  'old_level',
  'new_level',
  'flipped_checks',
];

/**
 * The values of an entry's snapshot row, in the order of
 * {@link WRITE_COLUMNS}. An array rather than an object: a first refresh
 * writes one per component, and they go to the database as they are. The
 * values are listed again in {@link rowHash} on purpose: the digest's
 * layout is stored and must not follow a change of the column order.
 */
function rowValues(
  entry: SnapshotEntry,
  failingChecks: string,
  rowHashValue: string | null,
  assessedAt: Date,
  levelChangedAt: Date,
): unknown[] {
  return [
    entry.entityRef,
    entry.kind,
    entry.namespace,
    entry.name,
    entry.title,
    entry.owner,
    entry.system,
    entry.domain,
    entry.type,
    entry.lifecycle,
    entry.level,
    entry.targetLevel,
    entry.claimedLevel,
    failingChecks,
    entry.waived,
    entry.problems,
    levelChangedAt,
    entry.failingChecks.length,
    rowHashValue,
    assessedAt,
    entry.sourceKey ?? null,
  ];
}

/**
 * A digest of every value an entry writes into its row, stored beside it:
 * equal digests mean the stored row needs neither a read nor a write.
 */
function rowHash(entry: SnapshotEntry): string {
  // The one-shot hash: the same digest as createHash, at half the cost for
  // values this small (it runs for every component on every refresh).
  return hash(
    'sha256',
    JSON.stringify([
      2, // the row layout; bump it when the columns change
      entry.entityRef,
      entry.kind,
      entry.namespace,
      entry.name,
      entry.title,
      entry.owner,
      entry.system,
      entry.domain,
      entry.type,
      entry.lifecycle,
      entry.level,
      entry.targetLevel,
      entry.claimedLevel,
      entry.failingChecks,
      entry.waived,
      entry.problems,
      entry.sourceKey ?? null,
    ]),
    'base64',
  );
}

/**
 * The texts of the failing lists the engine shares (frozen): a fleet fails
 * few distinct sets of checks, and joining every component's list took
 * 0.04 s of a first snapshot at 100k.
 */
const failingTexts = new WeakMap<readonly string[], string>();

/** The `failing_checks` column: the ids as `,id1,id2,`. */
function failingText(ids: readonly string[]): string {
  const known = failingTexts.get(ids);
  if (known !== undefined) return known;
  const text = `,${ids.join(',')},`;
  if (Object.isFrozen(ids)) failingTexts.set(ids, text);
  return text;
}

/** PostgreSQL types of the columns that are not text. */
const PG_TYPES: Record<string, string> = {
  level: 'integer',
  target_level: 'integer',
  claimed_level: 'integer',
  failing_count: 'integer',
  problems: 'integer',
  waived: 'boolean',
  assessed_at: 'timestamptz',
  level_changed_at: 'timestamptz',
  changed_at: 'timestamptz',
  old_level: 'integer',
  new_level: 'integer',
};

/** Whether every row holds the same primitive value (or time) in a column. */
function sameInEveryRow(rows: unknown[][], column: number) {
  const first = rows[0][column] ?? null;
  if (first instanceof Date) {
    const time = first.getTime();
    return rows.every(r => {
      const v = r[column];
      return v instanceof Date && v.getTime() === time;
    });
  }
  if (first !== null && typeof first === 'object') return false;
  return rows.every(r => (r[column] ?? null) === first);
}

/** Rows to insert into one table, as arrays of values in column order. */
interface RowInsert {
  table: string;
  columns: readonly string[];
  rows: unknown[][];
  /** The key, and what to do with a row whose key exists. */
  conflict: readonly string[];
  onConflict: 'merge' | 'ignore';
}

/**
 * One PostgreSQL statement that inserts all the rows. They travel as one
 * JSON text, an array of values per row, which V8 writes natively and
 * PostgreSQL parses in its own process. An array per column cost this
 * thread about twice as much (the driver escapes every element in
 * JavaScript), and objects per row twice the bytes, which the loopback
 * socket write pays for. A column with the same value in every row (the
 * assessment time, a first entry's empty list of flipped checks) is sent
 * once.
 *
 * Without `conflict`, a plain insert, for rows whose keys are known to be
 * absent: PostgreSQL then skips the speculative insertion an ON CONFLICT
 * clause costs for every row (a quarter of its work for a first snapshot).
 * `returning` names columns the statement returns to a statement that
 * follows it in the same WITH.
 */
function pgInsert(
  insert: Omit<RowInsert, 'conflict' | 'onConflict'> &
    Partial<Pick<RowInsert, 'conflict' | 'onConflict'>>,
  returning: readonly string[] = [],
): {
  sql: string;
  bindings: Knex.RawBinding[];
} {
  const { table, columns: all, rows, conflict = [], onConflict } = insert;
  const varying: number[] = [];
  const constant: number[] = [];
  all.forEach((_c, j) => {
    (rows.length > 1 && sameInEveryRow(rows, j) ? constant : varying).push(j);
  });
  if (varying.length === 0) varying.push(constant.shift()!);
  const columns = [...varying, ...constant].map(j => all[j]);
  const typeOf = (j: number) => PG_TYPES[all[j]] ?? 'text';
  const scalars = constant.map(j => (rows[0][j] ?? null) as Knex.Value);
  const update = columns.filter(c => !conflict.includes(c));
  const onConflictSql =
    conflict.length === 0
      ? ''
      : ` ON CONFLICT (${conflict.map(() => '??').join(', ')}) ${
          onConflict === 'merge'
            ? `DO UPDATE SET ${update.map(() => '?? = EXCLUDED.??').join(', ')}`
            : 'DO NOTHING'
        }`;
  const select = varying
    .map((j, i) => `(u.v->>${i})::${typeOf(j)}`)
    .concat(constant.map(j => `?::${typeOf(j)}`))
    .join(', ');
  const returningSql =
    returning.length > 0
      ? ` RETURNING ${returning.map(() => '??').join(', ')}`
      : '';
  const names = columns.map(() => '??').join(', ');
  const from = 'jsonb_array_elements(?::jsonb) AS u(v)';
  return {
    sql: `INSERT INTO ?? (${names}) SELECT ${select} FROM ${from}${onConflictSql}${returningSql}`,
    bindings: [
      table,
      ...columns,
      ...scalars,
      JSON.stringify(
        varying.length === all.length
          ? rows
          : rows.map(r => varying.map(j => r[j] ?? null)),
      ),
      ...(conflict.length === 0 ? [] : conflict),
      ...(conflict.length > 0 && onConflict === 'merge'
        ? update.flatMap(c => [c, c])
        : []),
      ...returning,
    ],
  };
}

/** A value as knex binds it for SQLite: times as milliseconds, booleans as 0 or 1. */
function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'boolean') return Number(v);
  return v ?? null;
}

/** What the store uses of a `better-sqlite3` statement and connection. */
interface SqliteStatement {
  run(values: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/**
 * The one-row inserts prepared on each `better-sqlite3` connection, by SQL
 * text: the store inserts into two tables, so a connection holds a handful.
 */
const preparedInserts = new WeakMap<
  SqliteConnection,
  Map<string, SqliteStatement>
>();

/** Rows inserted on SQLite before the event loop gets a turn. */
const SQLITE_ROWS_PER_TURN = 2000;

/** The one-row INSERT of a table, with the same conflict handling as the others. */
function sqliteRowInsert(insert: RowInsert): string {
  const { table, columns, conflict, onConflict } = insert;
  // Names of this module's tables and columns, never user input.
  const q = (name: string) => `"${name}"`;
  const update = columns.filter(c => !conflict.includes(c));
  return (
    `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) ` +
    `VALUES (${columns.map(() => '?').join(', ')}) ` +
    `ON CONFLICT (${conflict.map(q).join(', ')}) ${
      onConflict === 'merge'
        ? `DO UPDATE SET ${update
            .map(c => `${q(c)} = excluded.${q(c)}`)
            .join(', ')}`
        : 'DO NOTHING'
    }`
  );
}

/** Rows as objects, for knex's insert builder. */
function toObjects(
  columns: readonly string[],
  rows: unknown[][],
): Record<string, unknown>[] {
  return rows.map(r => {
    const o: Record<string, unknown> = {};
    columns.forEach((c, j) => {
      o[c] = r[j];
    });
    return o;
  });
}

/** Refs per `IN (...)` list (deletes, and databases without JSON tables). */
const REF_CHUNK = 500;

/** Timestamps come back as Date (PostgreSQL), number or string (SQLite). */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    return new Date(Number(value));
  }
  return new Date(String(value));
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, m => `\\${m}`);
}

/** The check ids of a `failing_checks` column (`,id1,id2,`). */
function failingSet(column: unknown): Set<string> {
  return new Set(
    String(column ?? '')
      .split(',')
      .filter(Boolean),
  );
}

/**
 * The checks whose result changed between two failing sets (a waived check
 * counts as passing in both), sorted by id.
 */
function flippedChecks(
  before: Set<string>,
  after: readonly string[],
  checkIds?: ReadonlySet<string>,
): FlippedCheck[] {
  const flipped: FlippedCheck[] = [];
  const now = new Set(after);
  for (const id of now) {
    if (!before.has(id)) flipped.push({ id, from: true, to: false });
  }
  for (const id of before) {
    if (!now.has(id)) flipped.push({ id, from: false, to: true });
  }
  return flipped
    .filter(f => !checkIds || checkIds.has(f.id))
    .sort((a, b) => {
      if (a.id === b.id) return 0;
      return a.id < b.id ? -1 : 1;
    });
}

/** The UTC day of a date, `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * {@link MaturityStore} on the plugin's database (PostgreSQL, SQLite or MySQL).
 *
 * @public
 */
export class DatabaseMaturityStore implements VersionedMaturityStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseMaturityStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseMaturityStore(client);
  }

  /** Where the knex migrations live (for tests that run them down). */
  static readonly migrationsDir = migrationsDir;

  private readonly dialect: Dialect;
  /** Inserts go through prepared statements of the driver (better-sqlite3). */
  private readonly preparedSqlite: boolean;

  private constructor(private readonly db: Knex) {
    this.dialect = dialectOf(db);
    this.preparedSqlite =
      (db.client as { driverName?: string }).driverName === 'better-sqlite3';
  }

  async writeSnapshot(
    options: Parameters<MaturityStore['writeSnapshot']>[0],
  ): ReturnType<MaturityStore['writeSnapshot']> {
    const { assessedAt } = options;
    const checkIds = options.checkIds ? new Set(options.checkIds) : undefined;
    // The producer is told once whether stored rows can be kept.
    let told = false;
    const tellIndex = (index: StoredSnapshotIndex | undefined) => {
      if (told || !options.reuse) return;
      told = true;
      options.reuse.onIndex(index);
    };
    let pages:
      | AsyncIterable<Iterable<SnapshotEntry>>
      | Iterable<SnapshotEntry>[];
    if (Symbol.asyncIterator in options.entries) {
      pages = options.entries;
      if (this.dialect === 'sqlite' || this.dialect === 'other') {
        // One connection: a transaction open while the producer reads (the
        // catalog, for a refresh) would hold up every other query of the
        // plugin that long. Collected first, then written at once, so no
        // stored row can be reused.
        tellIndex(undefined);
        const collected: SnapshotEntry[] = [];
        for await (const page of pages) {
          for (const entry of page) collected.push(entry);
        }
        pages = [collected];
      }
    } else {
      pages = [options.entries];
    }
    return this.db.transaction(async tx => {
      // Serialize the write phase across replicas before reading anything:
      // what follows compares against the snapshot as committed by the
      // previous writer.
      const lock = await this.lockForWrite(tx);
      const lastAssessedAt = lock.lastAssessedAt;
      if (lastAssessedAt && lastAssessedAt.getTime() > assessedAt.getTime()) {
        tellIndex(undefined);
        return { changes: 0, removed: 0, superseded: true };
      }
      // Only this store writes history, always with the snapshot it
      // assessed, and never an assessment older than the last one. So an
      // entry at `assessedAt` can exist only when the last snapshot was
      // assessed at that very time (another replica's refresh). Otherwise
      // PostgreSQL gets plain inserts: ON CONFLICT searches the unique
      // index before every row (100,000 entries alone: 0.5 s more on top of
      // 0.5 s; a first refresh at 100k: 3.4 s of its CPU fell to 3.1 s).
      const historyConflict: readonly string[] =
        this.dialect !== 'pg' ||
        lastAssessedAt?.getTime() === assessedAt.getTime()
          ? ['entity_ref', 'changed_at']
          : [];
      // Only where the entries are produced inside this transaction: the
      // index must answer for the snapshot as read under the lock.
      const reuse =
        options.reuse &&
        Symbol.asyncIterator in pages &&
        lock.reuseKey === options.reuse.key
          ? options.reuse
          : undefined;
      if (!reuse) tellIndex(undefined);
      // Only the ref, hash, source key and level of each stored row are held
      // (read in pages, so the rows are never all in memory at once): an
      // entry whose hash matches is unchanged and costs no further read or
      // write. Other rows are read one batch of entries at a time, so a
      // large fleet is never held twice. A stored row is marked SEEN once an
      // entry has it; refs new in this snapshot are remembered apart (few,
      // in the scheduled case). With `reuse`, the producer may also keep a
      // row without giving an entry (KEPT): the scheduled refresh of a
      // quiet catalog then scores and compares almost nothing.
      //
      // The stored hashes are read while the producer's first pages come
      // in (for a refresh, the catalog read; its first pages settle few
      // scores): at 100k they took half a second, which the read then
      // waited for.
      const stored = new Map<string, StoredRow>();
      let storedRead = false;
      let storedError: unknown;
      let kept = 0;
      const reading = (async () => {
        let after = '';
        for (;;) {
          const page: StoredRow[] = await tx(SNAPSHOT)
            .select('entity_ref', 'row_hash', 'source_key', 'level')
            .where('entity_ref', '>', after)
            .orderBy('entity_ref')
            .limit(STORED_PAGE);
          for (const r of page) {
            // As the driver gives them: PostgreSQL's are already strings
            // and numbers, so the row object itself is kept.
            if (typeof r.entity_ref !== 'string') {
              r.entity_ref = String(r.entity_ref);
            }
            r.row_hash ??= null;
            r.source_key ??= null;
            r.level = Number(r.level);
            r.state = UNSEEN;
            stored.set(r.entity_ref, r);
          }
          if (page.length < STORED_PAGE) break;
          after = page[page.length - 1].entity_ref;
        }
      })().then(
        () => {
          storedRead = true;
          if (!reuse) return;
          // Nothing to keep (a snapshot emptied from outside): the producer
          // scores everything without asking for each component.
          if (stored.size === 0) {
            tellIndex(undefined);
            return;
          }
          tellIndex({
            keep: (ref, sourceKey) => {
              const row = stored.get(ref);
              if (
                !row ||
                row.state !== UNSEEN ||
                !sourceKey ||
                row.source_key !== sourceKey
              ) {
                return undefined;
              }
              row.state = KEPT;
              kept++;
              return row.entity_ref;
            },
            release: ref => {
              const row = stored.get(ref);
              if (row?.state !== KEPT) return;
              row.state = UNSEEN;
              kept--;
            },
            ownerFacts: decodeOwnerFacts(lock.ownerFacts),
            systemDomains: decodeSystemDomains(lock.systemDomains),
          });
        },
        error => {
          storedError = error;
          tellIndex(undefined);
        },
      );
      const fresh = new Set<string>();
      const counts = new Map<number, number>();
      let changes = 0;

      const skipNewDigest =
        this.dialect === 'pg' && options.reuse !== undefined;
      // One statement at a time on the transaction's connection (the
      // driver's own queue of queries is deprecated), in the order given.
      // Once one fails, those after it do not run and fail with its error.
      let connectionTail: Promise<void> = Promise.resolve();
      const onConnection = (work: () => Promise<void>): Promise<void> => {
        const run = connectionTail.then(work);
        connectionTail = run;
        return run;
      };

      // Made outside planBatch: a closure made inside would share its
      // scope, and hold the batch's entries and rows until the write runs.
      const counted = (write: () => Promise<void>, count: number) => {
        return async () => {
          await write();
          changes += count;
        };
      };

      /** The rows and history entries of a batch, and how to write them. */
      const planBatch = (
        batch: SnapshotEntry[],
        previous: Array<string | null | undefined>,
        hashes: Array<string | null>,
        before: Map<string, any>,
      ): (() => Promise<void>) => {
        // New rows (their refs are absent: the stored refs were read under
        // the refresh lock), and changed rows with their history entries.
        const added: unknown[][] = [];
        const rows: unknown[][] = [];
        const history: unknown[][] = [];
        batch.forEach((entry, i) => {
          counts.set(entry.level, (counts.get(entry.level) ?? 0) + 1);
          if (previous[i] === hashes[i]) return;
          const failingChecks = failingText(entry.failingChecks);
          const old = before.get(entry.entityRef);
          if (!old) {
            added.push(
              rowValues(
                entry,
                failingChecks,
                hashes[i],
                assessedAt,
                assessedAt,
              ),
            );
            return;
          }
          const oldLevel = Number(old.level);
          const flipped =
            String(old.failing_checks) === failingChecks
              ? []
              : flippedChecks(
                  failingSet(old.failing_checks),
                  entry.failingChecks,
                  checkIds,
                );
          if (oldLevel !== entry.level || flipped.length > 0) {
            history.push([
              entry.entityRef,
              assessedAt,
              oldLevel,
              entry.level,
              JSON.stringify(flipped),
            ]);
          }
          rows.push(
            rowValues(
              entry,
              failingChecks,
              hashes[i],
              assessedAt,
              oldLevel === entry.level
                ? toDate(old.level_changed_at)
                : assessedAt,
            ),
          );
        });
        const write = this.planRows(tx, {
          added,
          changed: rows,
          history,
          assessedAt,
          historyConflict,
        });
        return counted(write, added.length + history.length);
      };

      // `previous[i]`: the stored hash of `batch[i]`, undefined when new.
      // Builds the batch's rows at once when it has no changed row (a first
      // snapshot: everything but the send happens now, while the database
      // writes the batch before); otherwise its stored values are read
      // first, on the connection.
      const writeBatch = (
        batch: SnapshotEntry[],
        previous: Array<string | null | undefined>,
      ): Promise<void> => {
        // A new row with a source key gets no digest on PostgreSQL: the
        // next refresh keeps it by its source key while its entity is
        // unchanged, and when the entity changes, a row without a digest
        // reads as changed (its stored values are read and compared, as for
        // any changed row) and gets one. A first snapshot skips 100k
        // digests; the one refresh after a rubric change that compares
        // every row rewrites those rows once. SQLite, which never keeps
        // rows, compares every row by digest on every refresh.
        const hashes = batch.map((entry, i) =>
          previous[i] === undefined && skipNewDigest && entry.sourceKey
            ? null
            : rowHash(entry),
        );
        const changedRefs = batch
          .filter(
            (_e, i) => previous[i] !== undefined && previous[i] !== hashes[i],
          )
          .map(e => e.entityRef);
        if (changedRefs.length === 0) {
          return onConnection(
            planBatch(batch, previous, hashes, new Map<string, any>()),
          );
        }
        return onConnection(async () => {
          const before = new Map<string, any>();
          for (const r of await tx(SNAPSHOT)
            .whereIn('entity_ref', changedRefs)
            .select(
              'entity_ref',
              'level',
              'failing_checks',
              'level_changed_at',
            )) {
            before.set(String(r.entity_ref), r);
          }
          await planBatch(batch, previous, hashes, before)();
        });
      };

      // Batches are written while the next are gathered (entries are read
      // and scored as they are pulled): the database works in its own
      // process while this thread reads and scores. Batches hold distinct
      // refs, so their order does not matter. Up to WRITES_IN_FLIGHT wait
      // their turn on the connection before the producer waits: the entries
      // settled at the end of the read come all at once, and this thread
      // builds the next batches while the database writes the first.
      const inFlight: Promise<void>[] = [];
      const writesDone = async () => {
        const all = inFlight.splice(0);
        const results = await Promise.allSettled(all);
        for (const r of results) if (r.status === 'rejected') throw r.reason;
      };
      const startBatch = async (
        batch: SnapshotEntry[],
        previous: Array<string | null | undefined>,
      ) => {
        while (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
        const writing = writeBatch(batch, previous);
        // Its failure is thrown when it is awaited: by a later batch or at the end.
        writing.catch(() => undefined);
        inFlight.push(writing);
        // Lets the statement go out before this thread is busy again.
        await new Promise(resolve => setImmediate(resolve));
      };

      // Pages that came before the stored hashes did.
      let early: Iterable<SnapshotEntry>[] = [];
      const take = async (entries: Iterable<SnapshotEntry>) => {
        let batch: SnapshotEntry[] = [];
        let previous: Array<string | null | undefined> = [];
        for (const entry of entries) {
          const ref = entry.entityRef;
          // Into an empty snapshot (a first refresh), only the set of refs.
          const row = stored.size === 0 ? undefined : stored.get(ref);
          if (row === undefined) {
            const size = fresh.size;
            if (fresh.add(ref).size === size) continue;
          } else {
            if (row.state === SEEN) continue;
            // An entry for a kept row (scored again after all) replaces it.
            if (row.state === KEPT) kept--;
            row.state = SEEN;
          }
          batch.push(entry);
          previous.push(row === undefined ? undefined : row.row_hash);
          if (batch.length >= WRITE_BATCH) {
            await startBatch(batch, previous);
            batch = [];
            previous = [];
          }
        }
        // Each page is written as soon as it is taken, not once the next
        // pages fill a batch: held that long (over the catalog's reads of
        // the next pages), a page's entries and everything they reference
        // outlived V8's young generation, and at 100k a refresh into an
        // empty snapshot moved 40 MB more into the old one.
        if (batch.length > 0) await startBatch(batch, previous);
      };
      // Pulled by hand, so that no page of entries is held while the
      // producer reads the next (see CatalogFleetReader.pages).
      const producer: AsyncIterator<Iterable<SnapshotEntry>> | undefined =
        Symbol.asyncIterator in pages
          ? pages[Symbol.asyncIterator]()
          : undefined;
      const given = producer ? undefined : (pages as Iterable<SnapshotEntry>[]);
      try {
        let position = 0;
        for (;;) {
          let page: Iterable<SnapshotEntry> | undefined;
          if (producer) {
            let result: IteratorResult<Iterable<SnapshotEntry>> | undefined =
              await producer.next();
            if (result.done) break;
            page = result.value;
            result = undefined;
          } else {
            if (position >= given!.length) break;
            page = given![position++];
          }
          if (storedError !== undefined) throw storedError;
          if (!storedRead) {
            early.push(page);
            continue;
          }
          for (const held of early) await take(held);
          early = [];
          await take(page);
          page = undefined;
        }
      } catch (error) {
        // Stopped early: the producer is told, as `for await` would.
        await producer?.return?.(undefined)?.catch(() => undefined);
        // The producer failed (the catalog, for a refresh): let the reads
        // and the write in flight end before the transaction rolls back on
        // its connection.
        await reading;
        await writesDone().catch(() => undefined);
        throw error;
      }
      await reading;
      if (storedError !== undefined) throw storedError;
      for (const held of early) await take(held);
      await writesDone();

      const removed: string[] = [];
      for (const row of stored.values()) {
        if (row.state === UNSEEN) removed.push(row.entity_ref);
        else if (row.state === KEPT) {
          counts.set(row.level, (counts.get(row.level) ?? 0) + 1);
        }
      }
      const gone: unknown[][] = [];
      for (const refs of chunk(removed, REF_CHUNK)) {
        const rows = await tx(SNAPSHOT)
          .whereIn('entity_ref', refs)
          .select('entity_ref', 'level');
        for (const r of rows) {
          gone.push([r.entity_ref, assessedAt, Number(r.level), null, '[]']);
        }
        await tx(SNAPSHOT).whereIn('entity_ref', refs).delete();
      }
      await this.insertRows(tx, [
        {
          table: HISTORY,
          columns: HISTORY_COLUMNS,
          rows: gone,
          conflict: historyConflict,
          onConflict: 'ignore',
        },
      ]);
      changes += gone.length;

      const day = utcDay(assessedAt);
      const maxLevel = Math.max(4, ...counts.keys());
      const daily = [];
      for (let level = 0; level <= maxLevel; level++) {
        daily.push({ day, level, count: counts.get(level) ?? 0 });
      }
      await tx(DAILY)
        .insert(daily)
        .onConflict(['day', 'level'])
        .merge(['count']);

      // The snapshot as a whole was assessed now; rows keep the time their
      // values were last written, so an unchanged row is never rewritten.
      const ownerFacts =
        typeof options.ownerFacts === 'function'
          ? options.ownerFacts()
          : options.ownerFacts;
      const systemDomains = options.reuse?.systemDomains();
      await tx(LOCK)
        .where('id', 1)
        .update({
          locked_at: new Date(),
          last_assessed_at: assessedAt,
          ...(ownerFacts ? { owner_facts: encodeOwnerFacts(ownerFacts) } : {}),
          // Rows written without a source key are never kept, so a key
          // left from an earlier snapshot could only mislead.
          reuse_key: options.reuse?.key ?? null,
          system_domains: systemDomains
            ? encodeSystemDomains(systemDomains)
            : null,
        });
      return {
        changes,
        removed: removed.length,
        ...(options.reuse ? { kept } : {}),
      };
    });
  }

  /**
   * Plans the write of one batch of a snapshot: rows new to it with the
   * history entries of their first assessment, changed rows, and the
   * history entries of those. The statements are built now (the JSON of
   * the rows is most of the work) and sent when the returned function runs.
   * On PostgreSQL in one statement, where the new rows' history entries are
   * made by the database from the rows it inserted.
   */
  private planRows(
    tx: Knex.Transaction,
    batch: {
      added: unknown[][];
      changed: unknown[][];
      history: unknown[][];
      assessedAt: Date;
      /** The history's key when an entry may exist already, else none. */
      historyConflict: readonly string[];
    },
  ): () => Promise<void> {
    const { added, changed, history, assessedAt, historyConflict } = batch;
    const changedRows: RowInsert = {
      table: SNAPSHOT,
      columns: WRITE_COLUMNS,
      rows: changed,
      conflict: ['entity_ref'],
      onConflict: 'merge',
    };
    const historyRows: RowInsert = {
      table: HISTORY,
      columns: HISTORY_COLUMNS,
      rows: history,
      conflict: historyConflict,
      onConflict: 'ignore',
    };
    if (this.dialect !== 'pg' || added.length > INSERT_CHUNK.json) {
      return () =>
        this.insertRows(tx, [
          { ...changedRows, rows: [...added, ...changed] },
          {
            ...historyRows,
            rows: [
              ...added.map(r => [r[0], assessedAt, null, r[LEVEL], '[]']),
              ...history,
            ],
          },
        ]);
    }
    const statements: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
    const large: RowInsert[] = [];
    if (added.length > 0) {
      // The refs are absent (read under the lock), so no ON CONFLICT.
      const name = `w${statements.length}`;
      const onConflict =
        historyConflict.length > 0
          ? ` ON CONFLICT (${historyConflict
              .map(() => '??')
              .join(', ')}) DO NOTHING`
          : '';
      statements.push(
        pgInsert({ table: SNAPSHOT, columns: WRITE_COLUMNS, rows: added }, [
          'entity_ref',
          'level',
        ]),
        {
          sql:
            `INSERT INTO ?? (${HISTORY_COLUMNS.map(() => '??').join(', ')}) ` +
            `SELECT entity_ref, ?::timestamptz, NULL, level, '[]' FROM ${name}${onConflict}`,
          bindings: [
            HISTORY,
            ...HISTORY_COLUMNS,
            assessedAt,
            ...historyConflict,
          ],
        },
      );
    }
    for (const insert of [changedRows, historyRows]) {
      if (insert.rows.length === 0) continue;
      if (insert.rows.length > INSERT_CHUNK.json) large.push(insert);
      else statements.push(pgInsert(insert));
    }
    return this.sendLater(tx, large, statements);
  }

  /**
   * Sends the planned statements when the returned function runs. Its own
   * function: a closure made in `planRows` would hold all of that
   * scope (every row of the batch) until then, long enough for the
   * garbage collector to move them out of the young generation.
   */
  private sendLater(
    tx: Knex.Transaction,
    large: RowInsert[],
    statements: Array<{ sql: string; bindings: Knex.RawBinding[] }>,
  ): () => Promise<void> {
    return async () => {
      if (large.length > 0) await this.insertRows(tx, large);
      if (statements.length === 0) return;
      if (statements.length === 1) {
        await tx.raw(statements[0].sql, statements[0].bindings);
        return;
      }
      // Data-modifying statements in WITH all run, on the same snapshot.
      await tx.raw(
        `WITH ${statements
          .map((st, n) => `w${n} AS (${st.sql})`)
          .join(', ')} SELECT 1`,
        statements.flatMap(st => st.bindings),
      );
    };
  }

  /**
   * Inserts rows (all with the same keys), merging or skipping those whose
   * key exists. Several tables' rows may be given: on PostgreSQL, when each
   * fits in one statement, they go in one statement (one round trip).
   */
  private async insertRows(
    tx: Knex.Transaction,
    inserts: RowInsert[],
  ): Promise<void> {
    if (this.preparedSqlite) {
      await this.insertSqliteRows(tx, inserts);
      return;
    }
    for (const insert of inserts) {
      const pg = this.dialect === 'pg';
      for (const rows of chunk(
        insert.rows,
        pg ? INSERT_CHUNK.json : INSERT_CHUNK.other,
      )) {
        if (pg) {
          const st = pgInsert({ ...insert, rows });
          await tx.raw(st.sql, st.bindings);
          continue;
        }
        const query = tx(insert.table)
          .insert(toObjects(insert.columns, rows))
          .onConflict(insert.conflict as string[]);
        await (insert.onConflict === 'merge' ? query.merge() : query.ignore());
      }
    }
  }

  /**
   * Inserts rows on a `better-sqlite3` connection with one prepared
   * statement per table, run once per row. SQLite runs in this thread, so
   * all of a write's cost adds to a refresh: compiling a multi-row VALUES
   * statement of 10,000 bound values each time (knex prepares every query
   * anew) took about 40 ms of a first refresh at 10k, and knex's placing of
   * the values about 25 ms more.
   */
  private async insertSqliteRows(
    tx: Knex.Transaction,
    inserts: RowInsert[],
  ): Promise<void> {
    // The transaction's own connection: these statements are part of it.
    const connection: SqliteConnection = await tx.client.acquireConnection();
    let prepared = preparedInserts.get(connection);
    if (!prepared) {
      prepared = new Map();
      preparedInserts.set(connection, prepared);
    }
    for (const insert of inserts) {
      const sql = sqliteRowInsert(insert);
      let statement = prepared.get(sql);
      if (!statement) {
        statement = connection.prepare(sql);
        prepared.set(sql, statement);
      }
      const values = new Array<unknown>(insert.columns.length);
      let run = 0;
      for (const row of insert.rows) {
        for (let i = 0; i < values.length; i++) values[i] = sqliteValue(row[i]);
        statement.run(values);
        if (++run % SQLITE_ROWS_PER_TURN === 0) await nextTurn();
      }
    }
  }

  /**
   * Takes the refresh lock for the rest of the transaction and returns the
   * assessment time of the latest snapshot written. PostgreSQL and MySQL lock
   * the row with SELECT ... FOR UPDATE; SQLite has one writer at a time, and
   * the first write of a transaction takes that lock.
   */
  private async lockForWrite(tx: Knex.Transaction): Promise<{
    lastAssessedAt?: Date;
    reuseKey?: unknown;
    ownerFacts?: unknown;
    systemDomains?: unknown;
  }> {
    const select = () =>
      tx(LOCK)
        .where('id', 1)
        .first(
          'last_assessed_at',
          'reuse_key',
          'owner_facts',
          'system_domains',
        );
    let row:
      | {
          last_assessed_at?: unknown;
          reuse_key?: unknown;
          owner_facts?: unknown;
          system_domains?: unknown;
        }
      | undefined;
    if (this.dialect === 'sqlite') {
      await tx(LOCK).where('id', 1).update({ locked_at: new Date() });
      row = await select();
    } else {
      row = await select().forUpdate();
    }
    if (!row) {
      // The row is created by the migration; recreate it if it went missing.
      await tx(LOCK).insert({ id: 1 }).onConflict('id').ignore();
      row =
        this.dialect === 'sqlite' ? await select() : await select().forUpdate();
    }
    const value = row?.last_assessed_at;
    return {
      lastAssessedAt:
        value === null || value === undefined ? undefined : toDate(value),
      reuseKey: row?.reuse_key,
      ownerFacts: row?.owner_facts,
      systemDomains: row?.system_domains,
    };
  }

  /** Restricts a query to the given entity refs, in one statement of any size. */
  private whereRefs(query: Knex.QueryBuilder, refs: Iterable<string>) {
    const list = [...new Set(refs)];
    if (list.length === 0) return query.whereRaw('1 = 0');
    const json = JSON.stringify(list);
    switch (this.dialect) {
      case 'pg':
        return query.whereRaw(
          '?? IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))',
          ['entity_ref', json],
        );
      case 'sqlite':
        return query.whereRaw('?? IN (SELECT value FROM json_each(?))', [
          'entity_ref',
          json,
        ]);
      case 'mysql':
        return query.whereRaw(
          "?? IN (SELECT r.ref FROM JSON_TABLE(?, '$[*]' COLUMNS (ref VARCHAR(255) PATH '$')) AS r)",
          ['entity_ref', json],
        );
      default:
        return query.where(inner => {
          for (const part of chunk(list, REF_CHUNK)) {
            inner.orWhereIn('entity_ref', part);
          }
        });
    }
  }

  /** The snapshot rows that match a filter (a query to refine). */
  private filtered(filter: SnapshotFilter): Knex.QueryBuilder {
    const query = this.db(SNAPSHOT);
    if (filter.level !== undefined) query.where('level', filter.level);
    if (filter.minLevel !== undefined) {
      query.where('level', '>=', filter.minLevel);
    }
    if (filter.maxLevel !== undefined) {
      query.where('level', '<=', filter.maxLevel);
    }
    if (filter.belowTarget === true) {
      query.whereRaw('?? < ??', ['level', 'target_level']);
    } else if (filter.belowTarget === false) {
      query.whereRaw('?? >= ??', ['level', 'target_level']);
    }
    for (const key of SNAPSHOT_TEXT_FILTERS) {
      const values = textFilterValues(filter[key]);
      if (values === undefined) continue;
      if (values.length === 0) {
        // Any of no values: nothing matches.
        query.whereRaw('1 = 0');
      } else if (values.length === 1) {
        query.whereRaw('LOWER(??) = ?', [key, values[0]]);
      } else {
        query.whereRaw(`LOWER(??) IN (${values.map(() => '?').join(', ')})`, [
          key,
          ...values,
        ]);
      }
    }
    if (filter.failingCheck !== undefined) {
      query.whereRaw("?? LIKE ? ESCAPE '\\'", [
        'failing_checks',
        `%,${escapeLike(filter.failingCheck)},%`,
      ]);
    }
    if (filter.waived !== undefined) query.where('waived', filter.waived);
    if (filter.q) {
      const like = `%${escapeLike(filter.q.toLocaleLowerCase('en-US'))}%`;
      query.where(inner =>
        inner
          .whereRaw("LOWER(??) LIKE ? ESCAPE '\\'", ['entity_ref', like])
          .orWhereRaw("LOWER(??) LIKE ? ESCAPE '\\'", ['title', like]),
      );
    }
    if (filter.entityRefs !== undefined) {
      this.whereRefs(query, filter.entityRefs);
    }
    return query;
  }

  /**
   * The SQL of a sort field. Text compares byte-wise on every database
   * (COLLATE "C" on PostgreSQL), so pages never depend on a server locale.
   */
  private sortExpression(field: SnapshotSortField): string {
    const text = (sql: string) =>
      this.dialect === 'pg' ? `${sql} COLLATE "C"` : sql;
    switch (field) {
      case 'level':
        return 'level';
      case 'gap':
        return '(CASE WHEN target_level > level THEN target_level - level ELSE 0 END)';
      case 'owner':
        return text("COALESCE(owner, '')");
      case 'title':
        return text('LOWER(COALESCE(title, entity_ref))');
      case 'lastChangedAt':
        return 'level_changed_at';
      default:
        return text('entity_ref');
    }
  }

  async listSnapshot(filter: SnapshotFilter = {}): Promise<SnapshotRow[]> {
    const raw = await this.filtered(filter).select(ROW_COLUMNS);
    return raw.map(toSnapshotRow);
  }

  async listSnapshotPage(
    filter: SnapshotFilter,
    request: SnapshotPageRequest,
  ): Promise<SortedSnapshotRow[]> {
    const { sort, limit, after } = request;
    const key = this.sortExpression(sort.field);
    const ref = this.sortExpression('entityRef');
    const direction = sort.descending ? 'DESC' : 'ASC';
    const query = this.filtered(filter)
      .select(ROW_COLUMNS)
      .select(this.db.raw(`${key} AS sort_key`))
      .orderByRaw(`${key} ${direction}, ${ref} ASC`)
      .limit(limit);
    if (after) {
      const value =
        sort.field === 'lastChangedAt' ? new Date(after.key) : after.key;
      const op = sort.descending ? '<' : '>';
      query.where(inner =>
        inner
          .whereRaw(`${key} ${op} ?`, [value])
          .orWhere(tie =>
            tie
              .whereRaw(`${key} = ?`, [value])
              .whereRaw(`${ref} > ?`, [after.entityRef]),
          ),
      );
    }
    const raw: any[] = await query;
    return raw.map(r => ({
      row: toSnapshotRow(r),
      sortKey: toSortKey(sort.field, r.sort_key),
    }));
  }

  async countSnapshotFacets(
    filter: SnapshotFilter,
  ): Promise<SnapshotFacetCounts> {
    const [levels, owners]: any[][] = await Promise.all([
      this.filtered(filter)
        .select('level')
        .count({ count: '*' })
        .groupBy('level'),
      this.filtered(filter)
        .select('owner')
        .count({ count: '*' })
        .groupBy('owner'),
    ]);
    const levelCounts = levels.map(r => ({
      level: Number(r.level),
      count: Number(r.count),
    }));
    return {
      total: levelCounts.reduce((sum: number, l) => sum + l.count, 0),
      levels: levelCounts,
      owners: owners.map(r => ({
        owner: (r.owner as string | null) ?? null,
        count: Number(r.count),
      })),
    };
  }

  async countSnapshotRollups(
    filter: SnapshotFilter,
    by: 'owner' | 'system' | 'domain',
  ): Promise<SnapshotRollupCount[]> {
    if (!['owner', 'system', 'domain'].includes(by)) {
      throw new Error(`Cannot roll up by ${by}`);
    }
    const rows = await this.filtered(filter)
      .select({ key: by }, 'level')
      .count({ count: '*' })
      .select(
        this.db.raw(
          'SUM(CASE WHEN ?? >= ?? THEN 1 ELSE 0 END) AS at_or_above',
          ['level', 'target_level'],
        ),
      )
      .groupBy(by, 'level');
    return rows.map((r: any) => ({
      key: r.key ?? null,
      level: Number(r.level),
      count: Number(r.count),
      atOrAboveTarget: Number(r.at_or_above),
    }));
  }

  async getSnapshotVersion(): Promise<string | undefined> {
    const row = await this.db(LOCK)
      .where('id', 1)
      .first('last_assessed_at', 'locked_at');
    if (!row || (row.last_assessed_at ?? null) === null) return undefined;
    // locked_at changes with every write, even one at the same assessedAt.
    return `${toDate(row.last_assessed_at).getTime()}:${
      row.locked_at === null ? '' : toDate(row.locked_at).getTime()
    }`;
  }

  async getOwnerFacts(): Promise<ReadonlyMap<string, OwnerFacts>> {
    const row = await this.db(LOCK).where('id', 1).first('owner_facts');
    return decodeOwnerFacts(row?.owner_facts);
  }

  async getSnapshotEntry(entityRef: string): Promise<SnapshotRow | undefined> {
    const row = await this.db(SNAPSHOT)
      .where('entity_ref', entityRef)
      .first(ROW_COLUMNS);
    return row ? toSnapshotRow(row) : undefined;
  }

  async listKinds(): Promise<string[]> {
    const rows = await this.db(SNAPSHOT).distinct('kind');
    return [
      ...new Set(rows.map(r => String(r.kind).toLocaleLowerCase('en-US'))),
    ];
  }

  async getHistory(
    options: { entityRefs?: Iterable<string> } = {},
  ): Promise<HistoryEntry[]> {
    const query = this.db(HISTORY)
      .select()
      .orderBy([
        { column: 'changed_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    if (options.entityRefs !== undefined) {
      this.whereRefs(query, options.entityRefs);
    }
    return (await query).map(toHistoryEntry);
  }

  async listChanges(options: {
    limit: number;
    before?: { changedAt: Date; id: number };
    entityRefs?: Iterable<string>;
  }): Promise<HistoryEntry[]> {
    const { limit, before } = options;
    const query = this.db(HISTORY)
      .select()
      .orderBy([
        { column: 'changed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    if (before) {
      query.where(inner =>
        inner
          .where('changed_at', '<', before.changedAt)
          .orWhere(eq =>
            eq
              .where('changed_at', before.changedAt)
              .where('id', '<', before.id),
          ),
      );
    }
    if (options.entityRefs !== undefined) {
      this.whereRefs(query, options.entityRefs);
    }
    return (await query).map(toHistoryEntry);
  }

  async listFleetDaily(): Promise<FleetDayCount[]> {
    const rows = await this.db(DAILY)
      .select('day', 'level', 'count')
      .orderBy([
        { column: 'day', order: 'asc' },
        { column: 'level', order: 'asc' },
      ]);
    return rows.map(r => ({
      day: String(r.day),
      level: Number(r.level),
      count: Number(r.count),
    }));
  }

  async startRun(startedAt: Date): Promise<number> {
    const [row] = await this.db(RUNS)
      .insert({ started_at: startedAt, status: 'running' })
      .returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  }

  async finishRun(
    id: number,
    result: {
      finishedAt: Date;
      status: 'succeeded' | 'failed';
      error?: string;
      entityCount?: number;
    },
  ): Promise<void> {
    await this.db(RUNS)
      .where('id', id)
      .update({
        finished_at: result.finishedAt,
        status: result.status,
        error: result.error ?? null,
        entity_count: result.entityCount ?? null,
      });
  }

  async getRuns(): Promise<{
    last?: RefreshRun;
    lastFinished?: RefreshRun;
    lastSuccess?: RefreshRun;
  }> {
    const byStart = [
      { column: 'started_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ];
    const byFinish = [
      { column: 'finished_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ];
    const [last, lastFinished, lastSuccess] = await Promise.all([
      this.db(RUNS).orderBy(byStart).first(),
      this.db(RUNS).whereNotNull('finished_at').orderBy(byFinish).first(),
      this.db(RUNS).where('status', 'succeeded').orderBy(byFinish).first(),
    ]);
    return {
      last: last ? toRun(last) : undefined,
      lastFinished: lastFinished ? toRun(lastFinished) : undefined,
      lastSuccess: lastSuccess ? toRun(lastSuccess) : undefined,
    };
  }
}

function toSnapshotRow(r: any): SnapshotRow {
  return {
    entityRef: r.entity_ref,
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    title: r.title ?? null,
    owner: r.owner ?? null,
    system: r.system ?? null,
    domain: r.domain ?? null,
    type: r.type ?? null,
    lifecycle: r.lifecycle ?? null,
    level: Number(r.level),
    targetLevel: Number(r.target_level),
    claimedLevel:
      r.claimed_level === null || r.claimed_level === undefined
        ? null
        : Number(r.claimed_level),
    failingChecks: String(r.failing_checks).split(',').filter(Boolean),
    waived: Boolean(r.waived),
    problems: Number(r.problems),
    levelChangedAt: toDate(r.level_changed_at),
  };
}

function toSortKey(field: SnapshotSortField, value: unknown): string | number {
  switch (field) {
    case 'level':
    case 'gap':
      return Number(value);
    case 'lastChangedAt':
      return toDate(value).getTime();
    default:
      return String(value ?? '');
  }
}

function toHistoryEntry(r: any): HistoryEntry {
  let flipped: FlippedCheck[] = [];
  try {
    flipped = JSON.parse(String(r.flipped_checks));
  } catch {
    flipped = [];
  }
  return {
    id: Number(r.id),
    entityRef: r.entity_ref,
    changedAt: toDate(r.changed_at),
    oldLevel: r.old_level === null ? null : Number(r.old_level),
    newLevel: r.new_level === null ? null : Number(r.new_level),
    flippedChecks: flipped,
  };
}

function toRun(r: any): RefreshRun {
  return {
    id: Number(r.id),
    startedAt: toDate(r.started_at),
    finishedAt: r.finished_at ? toDate(r.finished_at) : null,
    status: r.status,
    error: r.error ?? null,
    entityCount:
      r.entity_count === null || r.entity_count === undefined
        ? null
        : Number(r.entity_count),
  };
}
