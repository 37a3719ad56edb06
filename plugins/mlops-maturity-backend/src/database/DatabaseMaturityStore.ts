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
import { Knex } from 'knex';
import { MaturityAssessment } from '@mlops-maturity/plugin-mlops-maturity-common';
import {
  FleetDayCount,
  FlippedCheck,
  HistoryEntry,
  MaturityStore,
  RefreshRun,
  SnapshotEntry,
  SnapshotFacetCounts,
  SnapshotFilter,
  SnapshotPageRequest,
  SnapshotRollupCount,
  SnapshotRow,
  SnapshotSortField,
  SortedSnapshotRow,
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

/** The columns of a snapshot row, without the assessment JSON. */
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
  'assessed_at',
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

/** Rows per insert statement, well below every database's bind limits. */
const INSERT_CHUNK = 100;
/** Entries compared with the stored snapshot per read. */
const WRITE_BATCH = 500;

/**
 * The columns compared to tell whether a stored row changed: the row's
 * values (not its key or timestamps) and the assessment JSON.
 */
const SAME_ROW_COLUMNS = [
  ...ROW_COLUMNS.filter(
    c => !['entity_ref', 'assessed_at', 'level_changed_at'].includes(c),
  ),
  'failing_count',
  'assessment',
];

/** Whether a stored snapshot row holds the same values as a new one (assessed_at aside). */
function sameRow(old: any, row: Record<string, unknown>): boolean {
  for (const column of SAME_ROW_COLUMNS) {
    const a = old[column] ?? null;
    const b = row[column] ?? null;
    if (a === b) continue;
    if (typeof b === 'number' || typeof b === 'boolean') {
      if (a !== null && Number(a) === Number(b)) continue;
    }
    return false;
  }
  return (
    toDate(old.level_changed_at).getTime() ===
    (row.level_changed_at as Date).getTime()
  );
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

function checkStates(assessment: MaturityAssessment): Map<string, boolean> {
  return new Map((assessment.checks ?? []).map(c => [c.id, c.passed]));
}

function flippedChecks(
  before: Map<string, boolean>,
  after: Map<string, boolean>,
): FlippedCheck[] {
  const flipped: FlippedCheck[] = [];
  for (const [id, to] of after) {
    const from = before.get(id);
    if (from !== undefined && from !== to) flipped.push({ id, from, to });
  }
  return flipped.sort((a, b) => a.id.localeCompare(b.id));
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
export class DatabaseMaturityStore implements MaturityStore {
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

  private constructor(private readonly db: Knex) {
    this.dialect = dialectOf(db);
  }

  async writeSnapshot(options: {
    entries: Iterable<SnapshotEntry>;
    assessedAt: Date;
  }): Promise<{ changes: number; removed: number; superseded?: boolean }> {
    const { entries, assessedAt } = options;
    return this.db.transaction(async tx => {
      // Serialize the write phase across replicas before reading anything:
      // what follows compares against the snapshot as committed by the
      // previous writer.
      const lastAssessedAt = await this.lockForWrite(tx);
      if (lastAssessedAt && lastAssessedAt.getTime() > assessedAt.getTime()) {
        return { changes: 0, removed: 0, superseded: true };
      }
      // Only the refs and levels of the whole snapshot are held; the rows
      // themselves are compared one batch of entries at a time, so that a
      // large fleet is never held in memory twice.
      const existing = await tx(SNAPSHOT).select('entity_ref', 'level');
      const beforeLevels = new Map<string, number>();
      for (const r of existing) {
        beforeLevels.set(String(r.entity_ref), Number(r.level));
      }
      existing.length = 0;
      const seen = new Set<string>();
      const counts = new Map<number, number>();
      let changes = 0;

      const writeBatch = async (batch: SnapshotEntry[]) => {
        const refs = batch
          .map(e => e.entityRef)
          .filter(ref => beforeLevels.has(ref));
        const before = new Map<string, any>();
        if (refs.length > 0) {
          for (const r of await tx(SNAPSHOT)
            .whereIn('entity_ref', refs)
            .select([...ROW_COLUMNS, 'failing_count', 'assessment'])) {
            before.set(String(r.entity_ref), r);
          }
        }
        const history: Record<string, unknown>[] = [];
        const rows: Record<string, unknown>[] = [];
        for (const entry of batch) {
          const old = before.get(entry.entityRef);
          const assessment = JSON.stringify(entry.assessment);
          let levelChangedAt = assessedAt;
          if (!old) {
            history.push({
              entity_ref: entry.entityRef,
              changed_at: assessedAt,
              old_level: null,
              new_level: entry.level,
              flipped_checks: '[]',
            });
          } else {
            const oldLevel = Number(old.level);
            if (oldLevel === entry.level) {
              levelChangedAt = toDate(old.level_changed_at);
            }
            // The same assessment text means the same check results.
            let flipped: FlippedCheck[] = [];
            if (String(old.assessment) !== assessment) {
              let oldChecks = new Map<string, boolean>();
              try {
                oldChecks = checkStates(JSON.parse(String(old.assessment)));
              } catch {
                // an unreadable old assessment: every check counts as new
              }
              flipped = flippedChecks(oldChecks, checkStates(entry.assessment));
            }
            if (oldLevel !== entry.level || flipped.length > 0) {
              history.push({
                entity_ref: entry.entityRef,
                changed_at: assessedAt,
                old_level: oldLevel,
                new_level: entry.level,
                flipped_checks: JSON.stringify(flipped),
              });
            }
          }
          counts.set(entry.level, (counts.get(entry.level) ?? 0) + 1);
          const row = {
            entity_ref: entry.entityRef,
            kind: entry.kind,
            namespace: entry.namespace,
            name: entry.name,
            title: entry.title,
            owner: entry.owner,
            system: entry.system,
            domain: entry.domain,
            type: entry.type,
            lifecycle: entry.lifecycle,
            level: entry.level,
            target_level: entry.targetLevel,
            claimed_level: entry.claimedLevel,
            failing_count: entry.failingChecks.length,
            failing_checks: `,${entry.failingChecks.join(',')},`,
            waived: entry.waived,
            problems: entry.problems,
            assessment,
            assessed_at: assessedAt,
            level_changed_at: levelChangedAt,
          };
          // A row equal to the stored one is not rewritten; its assessed_at
          // is set for the whole snapshot in one statement at the end.
          if (!old || !sameRow(old, row)) rows.push(row);
        }
        for (const part of chunk(rows, INSERT_CHUNK)) {
          await tx(SNAPSHOT).insert(part).onConflict('entity_ref').merge();
        }
        for (const part of chunk(history, INSERT_CHUNK)) {
          await tx(HISTORY)
            .insert(part)
            .onConflict(['entity_ref', 'changed_at'])
            .ignore();
        }
        changes += history.length;
      };

      let batch: SnapshotEntry[] = [];
      for (const entry of entries) {
        if (seen.has(entry.entityRef)) continue;
        seen.add(entry.entityRef);
        batch.push(entry);
        if (batch.length >= WRITE_BATCH) {
          await writeBatch(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await writeBatch(batch);

      const removed = [...beforeLevels.keys()].filter(ref => !seen.has(ref));
      for (const refs of chunk(removed, REF_CHUNK)) {
        await tx(SNAPSHOT).whereIn('entity_ref', refs).delete();
      }
      const gone = removed.map(ref => ({
        entity_ref: ref,
        changed_at: assessedAt,
        old_level: beforeLevels.get(ref)!,
        new_level: null,
        flipped_checks: '[]',
      }));
      for (const part of chunk(gone, INSERT_CHUNK)) {
        await tx(HISTORY)
          .insert(part)
          .onConflict(['entity_ref', 'changed_at'])
          .ignore();
      }
      changes += gone.length;
      // Every remaining row was assessed now, rewritten or not.
      await tx(SNAPSHOT).update({ assessed_at: assessedAt });

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

      await tx(LOCK)
        .where('id', 1)
        .update({ locked_at: new Date(), last_assessed_at: assessedAt });
      return { changes, removed: removed.length };
    });
  }

  /**
   * Takes the refresh lock for the rest of the transaction and returns the
   * assessment time of the latest snapshot written. PostgreSQL and MySQL lock
   * the row with SELECT ... FOR UPDATE; SQLite has one writer at a time, and
   * the first write of a transaction takes that lock.
   */
  private async lockForWrite(tx: Knex.Transaction): Promise<Date | undefined> {
    const select = () => tx(LOCK).where('id', 1).first('last_assessed_at');
    let row: { last_assessed_at?: unknown } | undefined;
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
    return value === null || value === undefined ? undefined : toDate(value);
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
    for (const key of [
      'owner',
      'system',
      'domain',
      'kind',
      'type',
      'lifecycle',
    ] as const) {
      const value = filter[key];
      if (value !== undefined) {
        query.whereRaw('LOWER(??) = ?', [
          key,
          value.toLocaleLowerCase('en-US'),
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

  async getSnapshotEntry(
    entityRef: string,
  ): Promise<(SnapshotRow & { assessment: MaturityAssessment }) | undefined> {
    const row = await this.db(SNAPSHOT)
      .where('entity_ref', entityRef)
      .first([...ROW_COLUMNS, 'assessment']);
    if (!row) return undefined;
    return {
      ...toSnapshotRow(row),
      assessment: JSON.parse(String(row.assessment)),
    };
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
    assessedAt: toDate(r.assessed_at),
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
