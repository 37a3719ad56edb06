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

import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseMaturityStore } from './DatabaseMaturityStore';
import {
  SnapshotEntry,
  SnapshotFacetCounts,
  SnapshotFilter,
  SnapshotRollupCount,
  SnapshotRow,
  SnapshotSortField,
  SortedSnapshotRow,
  StoredSnapshotIndex,
} from './MaturityStore';
import { SnapshotMemoryStore } from './SnapshotMemoryStore';
import { toSnapshotEntry } from '../service/RefreshService';
import { loadExampleEntities } from '../__testUtils__/examples';
import {
  buildAssessmentContext,
  isMlComponent,
  OwnerFacts,
  scoreEntity,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { anotherClient, testDatabaseIds } from '../__testUtils__/databases';

const databases = TestDatabases.create({ ids: testDatabaseIds });

// Some tests make hundreds of queries: on PostgreSQL, with the rest of the
// test run busy on a 2-core machine, more than Jest's 5 s (one did in CI).
jest.setTimeout(60_000);

function entries(): SnapshotEntry[] {
  const entities = loadExampleEntities();
  const context = buildAssessmentContext(entities);
  return entities
    .filter(e => isMlComponent(e))
    .map(e => toSnapshotEntry(e, scoreEntity(e, { context }), new Map()));
}

/** Many ML components with repeated titles, owners and levels (many ties). */
function synthetic(count: number, prefix = 'model'): SnapshotEntry[] {
  const base = entries()[0];
  const titles = ['Alpha scorer', 'alpha scorer', 'Beta', null, 'gamma ranker'];
  return Array.from({ length: count }, (_, i) => {
    const level = (i * 7) % 5;
    const targetLevel = (i * 3) % 5;
    const name = `${prefix}-${String((i * 37) % count).padStart(4, '0')}`;
    return {
      ...base,
      entityRef: `component:default/${name}`,
      name,
      title: titles[i % titles.length],
      owner: i % 6 === 0 ? null : `group:default/team-${i % 5}`,
      system: i % 3 === 0 ? null : `system:default/sys-${i % 4}`,
      domain: i % 4 === 0 ? null : `domain:default/dom-${i % 2}`,
      level,
      targetLevel,
      claimedLevel: null,
      failingChecks: level < 4 ? ['gpu-utilization'] : [],
      waived: i % 5 === 0,
      problems: i % 2,
    };
  });
}

/** The in-memory order the fleet view had before it moved to SQL. */
function referenceKey(row: SnapshotRow, field: SnapshotSortField) {
  switch (field) {
    case 'level':
      return row.level;
    case 'gap':
      return Math.max(0, row.targetLevel - row.level);
    case 'owner':
      return row.owner ?? '';
    case 'title':
      return (row.title ?? row.entityRef).toLocaleLowerCase('en-US');
    case 'lastChangedAt':
      return row.levelChangedAt.getTime();
    default:
      return row.entityRef;
  }
}

function compare(a: string | number, b: string | number): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function referenceSort(
  rows: SnapshotRow[],
  field: SnapshotSortField,
  descending: boolean,
): string[] {
  return [...rows]
    .sort(
      (a, b) =>
        compare(referenceKey(a, field), referenceKey(b, field)) *
          (descending ? -1 : 1) || compare(a.entityRef, b.entityRef),
    )
    .map(r => r.entityRef);
}

const SORT_FIELDS: SnapshotSortField[] = [
  'entityRef',
  'level',
  'gap',
  'owner',
  'title',
  'lastChangedAt',
];

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseMaturityStore.create({
    database: { getClient: async () => knex },
  });
  return { knex, store };
}

describe.each(databases.eachSupportedId())('DatabaseMaturityStore (%s)', id => {
  let knex: Knex;
  let store: DatabaseMaturityStore;

  beforeEach(async () => {
    ({ knex, store } = await createStore(id));
  }, 60_000);

  it('runs the migrations down and up again', async () => {
    await knex.migrate.rollback(
      { directory: DatabaseMaturityStore.migrationsDir },
      true,
    );
    expect(await knex.schema.hasTable('mlops_maturity_snapshot')).toBe(false);
    expect(await knex.schema.hasTable('mlops_maturity_history')).toBe(false);
    expect(await knex.schema.hasTable('mlops_maturity_refresh_lock')).toBe(
      false,
    );
    await knex.migrate.latest({
      directory: DatabaseMaturityStore.migrationsDir,
    });
    expect(await knex.schema.hasTable('mlops_maturity_refresh_runs')).toBe(
      true,
    );
    expect(await knex('mlops_maturity_refresh_lock').select('id')).toEqual([
      { id: 1 },
    ]);
  });

  it('writes the snapshot and never duplicates history', async () => {
    const all = entries();
    const at = new Date('2026-11-20T10:00:00.000Z');
    const first = await store.writeSnapshot({ entries: all, assessedAt: at });
    expect(first.changes).toBe(all.length);
    const again = await store.writeSnapshot({ entries: all, assessedAt: at });
    expect(again.changes).toBe(0);
    const later = await store.writeSnapshot({
      entries: all,
      assessedAt: new Date('2026-11-21T10:00:00.000Z'),
    });
    expect(later.changes).toBe(0);
    expect(await store.getHistory()).toHaveLength(all.length);
    const rows = await store.listSnapshot();
    expect(rows).toHaveLength(all.length);
    expect(rows.every(r => r.levelChangedAt.getTime() === at.getTime())).toBe(
      true,
    );
    expect(await store.listFleetDaily()).toHaveLength(10);
  });

  it('writes again at the time of the last snapshot over its own history entries', async () => {
    // Entries at one time can only come from a snapshot assessed at that
    // time, so only then may a write meet them: here components removed
    // and added back at the same time.
    const all = synthetic(1500);
    const at = new Date('2026-11-20T10:00:00.000Z');
    await store.writeSnapshot({
      entries: all,
      assessedAt: new Date('2026-11-19T10:00:00.000Z'),
    });
    const removed = await store.writeSnapshot({
      entries: all.slice(1000),
      assessedAt: at,
    });
    expect(removed).toEqual({ changes: 1000, removed: 1000 });
    const back = await store.writeSnapshot({ entries: all, assessedAt: at });
    expect(back).toEqual({ changes: 1000, removed: 0 });
    expect(await store.listSnapshot()).toHaveLength(all.length);
    // The first entry of each and its removal; adding back at the same
    // time records nothing more.
    expect(await store.getHistory()).toHaveLength(all.length + 1000);
  });

  it('writes and rewrites a fleet larger than one insert statement', async () => {
    const all = synthetic(2345);
    const first = await store.writeSnapshot({
      entries: all,
      assessedAt: new Date('2026-11-20T10:00:00.000Z'),
    });
    expect(first).toEqual({ changes: all.length, removed: 0 });
    const changed = all.map((e, i) =>
      i % 2 ? { ...e, level: (e.level + 1) % 5 } : e,
    );
    const second = await store.writeSnapshot({
      entries: changed,
      assessedAt: new Date('2026-11-21T10:00:00.000Z'),
    });
    expect(second.changes).toBe(Math.floor(all.length / 2));
    const levels = new Map(
      (await store.listSnapshot()).map(r => [r.entityRef, r.level]),
    );
    expect(levels).toEqual(new Map(changed.map(e => [e.entityRef, e.level])));
  });

  it('compares with a stored snapshot larger than one page of stored hashes', async () => {
    // More rows than the store reads per query of stored refs and hashes.
    const all = synthetic(10_050);
    await store.writeSnapshot({
      entries: [...all, ...all.slice(0, 10)],
      assessedAt: new Date('2026-11-20T10:00:00.000Z'),
    });
    const kept = all.slice(0, 10_000);
    const changed = kept.map((e, i) =>
      i % 3 ? e : { ...e, level: (e.level + 1) % 5 },
    );
    const added = synthetic(20, 'new');
    const second = await store.writeSnapshot({
      // Duplicates count once, wherever they stand.
      entries: [...changed, ...added, ...changed.slice(0, 5), added[0]],
      assessedAt: new Date('2026-11-21T10:00:00.000Z'),
    });
    expect(second).toEqual({
      changes: Math.ceil(10_000 / 3) + 20 + 50,
      removed: 50,
    });
    const levels = new Map(
      (await store.listSnapshot()).map(r => [r.entityRef, r.level]),
    );
    expect(levels).toEqual(
      new Map([...changed, ...added].map(e => [e.entityRef, e.level])),
    );
    const again = await store.writeSnapshot({
      entries: [...changed, ...added],
      assessedAt: new Date('2026-11-22T10:00:00.000Z'),
    });
    expect(again).toEqual({ changes: 0, removed: 0 });
  }, 60_000);

  it('records level changes with the flipped checks, and removals', async () => {
    const all = entries();
    const t1 = new Date('2026-11-20T10:00:00.000Z');
    const t2 = new Date('2026-11-21T10:00:00.000Z');
    await store.writeSnapshot({ entries: all, assessedAt: t1 });
    const [first, second, ...rest] = all;
    const wasFailing = first.failingChecks.includes('model-registry');
    const changed = {
      ...first,
      level: first.level === 0 ? 1 : 0,
      failingChecks: wasFailing
        ? first.failingChecks.filter(check => check !== 'model-registry')
        : [...first.failingChecks, 'model-registry'],
    };
    const result = await store.writeSnapshot({
      entries: [changed, ...rest],
      assessedAt: t2,
    });
    expect(result).toEqual({ changes: 2, removed: 1 });
    const history = await store.getHistory({ entityRefs: [first.entityRef] });
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({
      oldLevel: first.level,
      newLevel: changed.level,
      flippedChecks: [
        { id: 'model-registry', from: !wasFailing, to: wasFailing },
      ],
    });
    expect(history[1].changedAt.toISOString()).toBe(t2.toISOString());
    const removed = await store.getHistory({ entityRefs: [second.entityRef] });
    expect(removed.at(-1)).toMatchObject({ newLevel: null });
    const row = await store.getSnapshotEntry(first.entityRef);
    expect(row?.levelChangedAt.toISOString()).toBe(t2.toISOString());
    expect(await store.getSnapshotEntry(second.entityRef)).toBeUndefined();

    const page1 = await store.listChanges({ limit: 1 });
    expect(page1[0].changedAt.toISOString()).toBe(t2.toISOString());
    const page2 = await store.listChanges({
      limit: 100,
      before: { changedAt: page1[0].changedAt, id: page1[0].id },
    });
    expect(page2.map(h => h.id)).not.toContain(page1[0].id);
    expect(page1.length + page2.length).toBe(all.length + 2);
  });

  it('records flips of the rubric checks only', async () => {
    const [base] = entries();
    const entry = { ...base, level: 1, failingChecks: ['old-check', 'a'] };
    const t1 = new Date('2026-11-20T10:00:00.000Z');
    const t2 = new Date('2026-11-21T10:00:00.000Z');
    await store.writeSnapshot({ entries: [entry], assessedAt: t1 });
    // 'old-check' left the rubric; 'a' now passes; 'b' now fails.
    await store.writeSnapshot({
      entries: [{ ...entry, failingChecks: ['b'] }],
      assessedAt: t2,
      checkIds: ['a', 'b'],
    });
    const history = await store.getHistory({ entityRefs: [entry.entityRef] });
    expect(history.map(h => h.flippedChecks)).toEqual([
      [],
      [
        { id: 'a', from: false, to: true },
        { id: 'b', from: true, to: false },
      ],
    ]);
  });

  it('stores text with quotes, commas, braces and backslashes as given', async () => {
    const [base] = entries();
    const odd = [
      'a,"b"{c}\\d \'e\'',
      'NULL',
      '{}',
      ' spaced ',
      'ünïcødé ✓',
      '',
      // Rows travel as JSON text on PostgreSQL and SQLite: strings that
      // look like other JSON values must come back as the same strings.
      'line\nbreak\ttab',
      '123',
      'true',
      '[1,"2"]',
    ];
    const all = odd.map((title, i) => ({
      ...base,
      entityRef: `component:default/odd-${i}`,
      name: `odd-${i}`,
      title,
      owner: i % 2 ? null : `group:default/${title.replace(/\W/g, '') || 'x'}`,
      claimedLevel: i % 2 ? null : 2,
      waived: i % 3 === 0,
    }));
    await store.writeSnapshot({ entries: all, assessedAt: new Date() });
    const rows = await store.listSnapshot();
    for (const entry of all) {
      const row = rows.find(r => r.entityRef === entry.entityRef);
      expect(row).toMatchObject({
        title: entry.title,
        owner: entry.owner,
        claimedLevel: entry.claimedLevel,
        level: entry.level,
        failingChecks: entry.failingChecks,
        waived: entry.waived,
      });
    }
  });

  it('filters the snapshot in SQL', async () => {
    const all = entries();
    await store.writeSnapshot({ entries: all, assessedAt: new Date() });
    const failing = await store.listSnapshot({
      failingCheck: 'gpu-utilization',
    });
    expect(failing.map(r => r.entityRef).sort()).toEqual(
      all
        .filter(e => e.failingChecks.includes('gpu-utilization'))
        .map(e => e.entityRef)
        .sort(),
    );
    const some = await store.listSnapshot({
      entityRefs: [all[0].entityRef, 'component:default/unknown'],
    });
    expect(some.map(r => r.entityRef)).toEqual([all[0].entityRef]);
    expect(await store.listSnapshot({ q: '%' })).toEqual([]);
    expect(
      (await store.listSnapshot({ owner: 'GROUP:default/team-fraud' })).length,
    ).toBe(all.filter(e => e.owner === 'group:default/team-fraud').length);
    const owners = ['group:default/team-fraud', 'GROUP:default/Team-Retention'];
    expect(
      (await store.listSnapshot({ owner: owners }))
        .map(r => r.entityRef)
        .sort(),
    ).toEqual(
      all
        .filter(e =>
          ['group:default/team-fraud', 'group:default/team-retention'].includes(
            String(e.owner).toLowerCase(),
          ),
        )
        .map(e => e.entityRef)
        .sort(),
    );
    expect(await store.listSnapshot({ owner: [] })).toEqual([]);
  });

  it('sorts and pages the snapshot in SQL with a keyset, as the fleet view did in memory', async () => {
    const all = synthetic(101);
    await store.writeSnapshot({
      entries: all,
      assessedAt: new Date('2026-11-20T10:00:00.000Z'),
    });
    // Half of them change level later, so lastChangedAt differs.
    await store.writeSnapshot({
      entries: all.map((e, i) =>
        i % 2 ? { ...e, level: (e.level + 1) % 5 } : e,
      ),
      assessedAt: new Date('2026-11-21T10:00:00.000Z'),
    });
    const visible = all.filter((_, i) => i % 3 !== 1).map(e => e.entityRef);
    const filters: SnapshotFilter[] = [
      {},
      { minLevel: 1, waived: false },
      { entityRefs: visible },
    ];
    for (const filter of filters) {
      const rows = await store.listSnapshot(filter);
      expect(rows.length).toBeGreaterThan(10);
      for (const field of SORT_FIELDS) {
        for (const descending of [false, true]) {
          const seen: string[] = [];
          let after: { key: string | number; entityRef: string } | undefined;
          for (;;) {
            const page = await store.listSnapshotPage(filter, {
              sort: { field, descending },
              limit: 7,
              after,
            });
            seen.push(...page.map(p => p.row.entityRef));
            if (page.length < 7) break;
            const last = page[page.length - 1];
            after = { key: last.sortKey, entityRef: last.row.entityRef };
          }
          expect({ field, descending, seen }).toEqual({
            field,
            descending,
            seen: referenceSort(rows, field, descending),
          });
        }
      }
    }
  });

  it('counts facets and roll-ups in SQL', async () => {
    const all = synthetic(60);
    await store.writeSnapshot({ entries: all, assessedAt: new Date() });
    const visible = all.filter((_, i) => i % 4 !== 0).map(e => e.entityRef);
    for (const filter of [{}, { belowTarget: true }, { entityRefs: visible }]) {
      const rows = await store.listSnapshot(filter);
      const facets = await store.countSnapshotFacets(filter);
      expect(facets.total).toBe(rows.length);
      const byLevel = new Map<number, number>();
      const byOwner = new Map<string | null, number>();
      for (const r of rows) {
        byLevel.set(r.level, (byLevel.get(r.level) ?? 0) + 1);
        byOwner.set(r.owner, (byOwner.get(r.owner) ?? 0) + 1);
      }
      expect([...facets.levels].sort((a, b) => a.level - b.level)).toEqual(
        [...byLevel]
          .map(([level, count]) => ({ level, count }))
          .sort((a, b) => a.level - b.level),
      );
      expect(new Map(facets.owners.map(o => [o.owner, o.count]))).toEqual(
        byOwner,
      );
      for (const by of ['owner', 'system', 'domain'] as const) {
        const counts = await store.countSnapshotRollups(filter, by);
        const want = new Map<string, { count: number; above: number }>();
        for (const r of rows) {
          const k = `${r[by]}|${r.level}`;
          const w = want.get(k) ?? { count: 0, above: 0 };
          w.count++;
          if (r.level >= r.targetLevel) w.above++;
          want.set(k, w);
        }
        expect(
          new Map(
            counts.map(c => [
              `${c.key}|${c.level}`,
              { count: c.count, above: c.atOrAboveTarget },
            ]),
          ),
        ).toEqual(want);
      }
    }
  });

  it('restricts every query to a large set of visible refs in one statement', async () => {
    const all = synthetic(120);
    await store.writeSnapshot({ entries: all, assessedAt: new Date() });
    const visible = all.filter((_, i) => i % 2 === 0).map(e => e.entityRef);
    const refs = [
      ...Array.from({ length: 6000 }, (_, i) => `component:default/x-${i}`),
      ...visible,
    ];
    const rows = await store.listSnapshot({ entityRefs: refs });
    expect(rows.map(r => r.entityRef).sort()).toEqual([...visible].sort());
    expect((await store.countSnapshotFacets({ entityRefs: refs })).total).toBe(
      visible.length,
    );
    const page = await store.listSnapshotPage(
      { entityRefs: refs },
      { sort: { field: 'entityRef', descending: false }, limit: 1000 },
    );
    expect(page).toHaveLength(visible.length);
    expect(await store.getHistory({ entityRefs: refs })).toHaveLength(
      visible.length,
    );
    expect(
      await store.listChanges({ limit: 1000, entityRefs: refs }),
    ).toHaveLength(visible.length);
    expect(await store.listSnapshot({ entityRefs: [] })).toEqual([]);
  });

  it('answers from memory exactly as the database does', async () => {
    const all = synthetic(157);
    await store.writeSnapshot({
      entries: all,
      assessedAt: new Date('2026-11-20T10:00:00.000Z'),
    });
    await store.writeSnapshot({
      entries: all.map((e, i) =>
        i % 3 ? e : { ...e, level: (e.level + 2) % 5, failingChecks: [] },
      ),
      assessedAt: new Date('2026-11-21T10:00:00.000Z'),
    });
    const memory = new SnapshotMemoryStore(store, { versionCheckMs: 0 });
    const visible = all.filter((_, i) => i % 3 !== 2).map(e => e.entityRef);
    const filters: SnapshotFilter[] = [
      {},
      { belowTarget: true, type: 'ML-MODEL' },
      { belowTarget: false },
      { owner: 'GROUP:default/team-1', minLevel: 1, maxLevel: 3 },
      { level: 2, waived: false },
      { failingCheck: 'gpu-utilization' },
      { q: 'ALPHA' },
      { q: '0_%' },
      { system: 'system:default/sys-1', domain: 'domain:default/dom-0' },
      { kind: 'component', lifecycle: 'Production' },
      // Several values: any of them.
      { owner: ['GROUP:default/team-1', 'group:default/team-2'] },
      { owner: ['group:default/team-0', 'group:default/nobody'], level: 1 },
      { system: ['system:default/sys-0', 'system:default/sys-1'] },
      { owner: [] },
      { entityRefs: visible, waived: true },
      { entityRefs: [] },
    ];
    const sortedFacets = (f: SnapshotFacetCounts) => ({
      total: f.total,
      levels: [...f.levels].sort((a, b) => a.level - b.level),
      owners: [...f.owners].sort((a, b) =>
        String(a.owner).localeCompare(String(b.owner)),
      ),
    });
    const sortedRollups = (r: SnapshotRollupCount[]) =>
      [...r].sort(
        (a, b) =>
          String(a.key).localeCompare(String(b.key)) || a.level - b.level,
      );
    for (const filter of filters) {
      expect(sortedFacets(await memory.countSnapshotFacets(filter))).toEqual(
        sortedFacets(await store.countSnapshotFacets(filter)),
      );
      for (const by of ['owner', 'system', 'domain'] as const) {
        expect(
          sortedRollups(await memory.countSnapshotRollups(filter, by)),
        ).toEqual(sortedRollups(await store.countSnapshotRollups(filter, by)));
      }
      for (const field of SORT_FIELDS) {
        for (const descending of [false, true]) {
          const request = (after?: SortedSnapshotRow) => ({
            sort: { field, descending },
            limit: 9,
            after: after && {
              key: after.sortKey,
              entityRef: after.row.entityRef,
            },
          });
          let fromDb = await store.listSnapshotPage(filter, request());
          let fromMemory = await memory.listSnapshotPage(filter, request());
          for (;;) {
            expect(fromMemory).toEqual(fromDb);
            if (fromDb.length < 9) break;
            const last = fromDb[fromDb.length - 1];
            fromDb = await store.listSnapshotPage(filter, request(last));
            fromMemory = await memory.listSnapshotPage(filter, request(last));
          }
        }
      }
    }
    expect((await memory.listKinds()).sort()).toEqual(
      (await store.listKinds()).sort(),
    );
    expect(await memory.getSnapshotEntry(all[3].entityRef)).toEqual(
      await store.getSnapshotEntry(all[3].entityRef),
    );
  });

  it('remembers a first page for the snapshot, for callers who see everything', async () => {
    const memory = new SnapshotMemoryStore(store);
    const rows = synthetic(30);
    await memory.writeSnapshot({ entries: rows, assessedAt: new Date(1000) });
    const request = {
      sort: { field: 'level' as const, descending: true },
      limit: 5,
    };
    const filter = { belowTarget: true };
    const first = await memory.listSnapshotPage(filter, request);
    expect(await memory.listSnapshotPage({ belowTarget: true }, request)).toBe(
      first,
    );
    expect(first).toEqual(await store.listSnapshotPage(filter, request));
    // Another limit, sort or filter is another query; a visibility
    // restriction is never remembered.
    expect(
      await memory.listSnapshotPage(filter, { ...request, limit: 4 }),
    ).toEqual(first.slice(0, 4));
    const refs = new Set(rows.map(e => e.entityRef));
    const scoped = await memory.listSnapshotPage(
      { ...filter, entityRefs: refs },
      request,
    );
    expect(scoped).toEqual(first);
    expect(scoped).not.toBe(first);
    expect(
      await memory.listSnapshotPage({ ...filter, entityRefs: refs }, request),
    ).not.toBe(scoped);
    // A new snapshot answers anew.
    const raised = rows.map(e => ({ ...e, targetLevel: 0 }));
    await memory.writeSnapshot({ entries: raised, assessedAt: new Date(2000) });
    expect(await memory.listSnapshotPage(filter, request)).toEqual([]);
  });

  it('sees its own writes at once, and other replicas within the check period', async () => {
    let now = 0;
    const memory = new SnapshotMemoryStore(store, {
      versionCheckMs: 1000,
      now: () => now,
    });
    const [a, b] = synthetic(2);
    await memory.writeSnapshot({ entries: [a], assessedAt: new Date(1000) });
    expect((await memory.listSnapshot()).map(r => r.entityRef)).toEqual([
      a.entityRef,
    ]);
    // Another replica writes directly to the database.
    await store.writeSnapshot({ entries: [a, b], assessedAt: new Date(2000) });
    now = 500;
    expect(await memory.listSnapshot()).toHaveLength(1);
    now = 1000;
    expect(await memory.listSnapshot()).toHaveLength(2);
    await memory.writeSnapshot({ entries: [b], assessedAt: new Date(3000) });
    expect((await memory.listSnapshot()).map(r => r.entityRef)).toEqual([
      b.entityRef,
    ]);
  });

  it('keeps the owner facts of the latest snapshot, for this replica and others', async () => {
    expect(await store.getOwnerFacts()).toEqual(new Map());
    const facts = new Map<string, OwnerFacts>([
      ['group:default/team-a', { groupMemberCount: 3, mlComponentCount: 12 }],
      ['group:default/outside', { mlComponentCount: 1 }],
      ['user:risk/ann', { mlComponentCount: 2 }],
    ]);
    const [a] = synthetic(1);
    let now = 0;
    const memory = new SnapshotMemoryStore(store, {
      versionCheckMs: 1000,
      now: () => now,
    });
    await memory.writeSnapshot({
      entries: [a],
      assessedAt: new Date(1000),
      ownerFacts: facts,
    });
    expect(await store.getOwnerFacts()).toEqual(facts);
    expect(await memory.getOwnerFacts()).toEqual(facts);
    // A write without facts keeps them; one with facts replaces them, and
    // a replica sees that within its check period.
    await store.writeSnapshot({ entries: [a], assessedAt: new Date(2000) });
    expect(await store.getOwnerFacts()).toEqual(facts);
    const next = new Map([['group:default/team-b', { mlComponentCount: 4 }]]);
    await store.writeSnapshot({
      entries: [a],
      assessedAt: new Date(3000),
      ownerFacts: next,
    });
    expect(await memory.getOwnerFacts()).toEqual(facts);
    now = 1000;
    expect(await memory.getOwnerFacts()).toEqual(next);
  });

  it('lets a refresh keep unchanged rows without entries, where it writes while producing them', async () => {
    const fleet = synthetic(1200).map((e, i) => ({
      ...e,
      sourceKey: `etag-${i}`,
    }));
    const facts = new Map([['group:default/team-1', { mlComponentCount: 3 }]]);
    const domains = new Map([['system:default/sys-1', 'domain:default/d']]);
    const reuse = (key: string, onIndex: (i: StoredSnapshotIndex) => void) => ({
      key,
      onIndex,
      systemDomains: () => domains,
    });
    const pagesOf = async function* pages(
      produce: (index?: StoredSnapshotIndex) => SnapshotEntry[],
      ready: Promise<StoredSnapshotIndex | undefined>,
    ) {
      yield [];
      yield produce(await ready);
    };
    const told: Array<StoredSnapshotIndex | undefined> = [];
    const first = await store.writeSnapshot({
      entries: pagesOf(() => fleet, Promise.resolve(undefined)),
      assessedAt: new Date('2026-11-20T10:00:00Z'),
      ownerFacts: facts,
      // No snapshot yet, so nothing to reuse.
      reuse: reuse('K', index => {
        told.push(index);
      }),
    });
    expect(first).toEqual({ changes: 1200, removed: 0, kept: 0 });
    expect(told).toEqual([undefined]);
    const digests = async () => {
      const all = await knex('mlops_maturity_snapshot').select('row_hash');
      return {
        rows: all.length,
        without: all.filter(r => r.row_hash === null).length,
      };
    };
    // On PostgreSQL a new row is kept by its source key, so it gets no
    // digest until its entity changes; SQLite compares every row by digest.
    expect(await digests()).toEqual({
      rows: 1200,
      without: id.startsWith('POSTGRES') ? 1200 : 0,
    });

    // Rows 0-4 change, 5-9 are gone, 10 is kept then released (gone),
    // 11 is kept then given again (an entry replaces it); the rest are
    // kept. A key that is not the stored one keeps nothing.
    let resolve!: (index?: StoredSnapshotIndex) => void;
    const ready = new Promise<StoredSnapshotIndex | undefined>(r => {
      resolve = r;
    });
    let given: StoredSnapshotIndex | undefined;
    const second = await store.writeSnapshot({
      entries: pagesOf(
        index => {
          if (!index) {
            return fleet
              .slice(0, 5)
              .map(e => ({ ...e, level: (e.level + 1) % 5 }));
          }
          expect(index.ownerFacts).toEqual(facts);
          expect(index.systemDomains).toEqual(domains);
          expect(index.keep(fleet[12].entityRef, 'etag-0')).toBeUndefined();
          expect(index.keep('component:default/nowhere', 'etag-0')).toBe(
            undefined,
          );
          for (const e of fleet.slice(10)) {
            expect(index.keep(e.entityRef, e.sourceKey)).toBe(e.entityRef);
          }
          // Twice is once.
          expect(index.keep(fleet[13].entityRef, 'etag-13')).toBeUndefined();
          index.release(fleet[10].entityRef);
          return [
            ...fleet.slice(0, 5).map(e => ({ ...e, level: (e.level + 1) % 5 })),
            { ...fleet[11], title: 'Given again' },
          ];
        },
        id.startsWith('POSTGRES') ? ready : Promise.resolve(undefined),
      ),
      assessedAt: new Date('2026-11-21T10:00:00Z'),
      reuse: reuse('K', index => {
        told.push(index);
        given = index;
        resolve(index);
      }),
    });
    // Written after the producer ran (SQLite): every entry must be given.
    const onPg = id.startsWith('POSTGRES');
    const rows = new Map(
      (await store.listSnapshot()).map(r => [r.entityRef, r]),
    );
    const day = (await store.listFleetDaily()).filter(
      d => d.day === '2026-11-21',
    );
    expect({
      given: given !== undefined,
      second,
      rows: rows.size,
      released: rows.has(fleet[10].entityRef),
      givenAgain: rows.get(fleet[11].entityRef)?.title,
      keptLevel: rows.get(fleet[500].entityRef)?.level,
      dayCount: day.reduce((sum, d) => sum + d.count, 0),
    }).toEqual(
      onPg
        ? {
            given: true,
            second: { changes: 5 + 6, removed: 6, kept: 1188 },
            rows: 1194,
            released: false,
            givenAgain: 'Given again',
            keptLevel: fleet[500].level,
            dayCount: 1194,
          }
        : {
            given: false,
            second: { changes: 5 + 1195, removed: 1195, kept: 0 },
            rows: 5,
            released: false,
            givenAgain: undefined,
            keptLevel: undefined,
            dayCount: 5,
          },
    );

    // Another rubric: no index, whatever the rows' keys. Every row is
    // compared, those without a digest too: only real changes count.
    const historyCount = async () =>
      Number((await knex('mlops_maturity_history').count({ n: '*' }))[0].n);
    const historyBefore = await historyCount();
    const third = await store.writeSnapshot({
      entries: pagesOf(() => fleet, Promise.resolve(undefined)),
      assessedAt: new Date('2026-11-22T10:00:00Z'),
      reuse: reuse('another rubric', index => {
        told.push(index);
      }),
    });
    // Rows 0-4 get their level back; rows 5-10 come back (new again).
    expect(third).toEqual({
      changes: onPg ? 5 + 6 : 5 + 1195,
      removed: 0,
      kept: 0,
    });
    expect(await historyCount()).toBe(historyBefore + third.changes);
    // Rows compared by digest now have one; rows new again have none.
    expect(await digests()).toEqual({
      rows: 1200,
      without: onPg ? 6 : 0,
    });
    // Told once per write, an index only when the key is the stored one.
    expect(told.map(index => index !== undefined)).toEqual([
      false,
      id.startsWith('POSTGRES'),
      false,
    ]);
  });

  it('skips owner facts that are not as written', async () => {
    await knex('mlops_maturity_refresh_lock')
      .where('id', 1)
      .update({
        owner_facts: JSON.stringify([
          ['group:default/ok', null, 2],
          ['group:default/negative', -1, 2],
          ['group:default/fraction', 1, 2.5],
          [7, 1, 1],
          'not a row',
        ]),
      });
    expect(await store.getOwnerFacts()).toEqual(
      new Map([['group:default/ok', { mlComponentCount: 2 }]]),
    );
    await knex('mlops_maturity_refresh_lock')
      .where('id', 1)
      .update({ owner_facts: '{not json' });
    expect(await store.getOwnerFacts()).toEqual(new Map());
  });

  it('writes nothing at all when the write fails half-way', async () => {
    const all = entries();
    const t1 = new Date('2026-11-20T10:00:00.000Z');
    await store.writeSnapshot({ entries: all, assessedAt: t1 });
    const before = {
      snapshot: await store.listSnapshot(),
      history: await store.getHistory(),
      daily: await store.listFleetDaily(),
    };
    // More rows than one insert statement holds; the last one is invalid.
    const more = synthetic(150, 'extra');
    more[149] = { ...more[149], kind: null as unknown as string };
    const changed = all.map(e => ({ ...e, level: (e.level + 1) % 5 }));
    // (Not `rejects.toThrow()`: the driver's error is not always an Error of
    // the test's realm.)
    const failure = await store
      .writeSnapshot({
        entries: [...changed.slice(1), ...more],
        assessedAt: new Date('2026-11-22T10:00:00.000Z'),
      })
      .then(
        () => undefined,
        (error: unknown) => error as { message?: string },
      );
    expect(String(failure?.message)).toMatch(/\bkind\b/);
    expect(await store.listSnapshot()).toEqual(before.snapshot);
    expect(await store.getHistory()).toEqual(before.history);
    expect(await store.listFleetDaily()).toEqual(before.daily);
    // The failed write did not move the lock's clock either.
    const later = await store.writeSnapshot({
      entries: changed,
      assessedAt: new Date('2026-11-21T10:00:00.000Z'),
    });
    expect(later.superseded).toBeUndefined();
    expect(later.changes).toBeGreaterThan(0);
  });

  it('writes nothing when one of several batches in flight fails', async () => {
    const t1 = new Date('2026-11-20T10:00:00.000Z');
    await store.writeSnapshot({ entries: entries(), assessedAt: t1 });
    const before = {
      snapshot: await store.listSnapshot(),
      history: await store.getHistory(),
    };
    // A batch per page of 700; the third holds an invalid row, and later
    // batches are sent before its failure comes back.
    const fleet = synthetic(5500, 'many');
    fleet[1500] = { ...fleet[1500], kind: null as unknown as string };
    let pulled = 0;
    const pages = async function* pages() {
      for (let i = 0; i < fleet.length; i += 700) {
        pulled += Math.min(700, fleet.length - i);
        yield fleet.slice(i, i + 700);
      }
    };
    // The batches queue up, but only one statement is ever sent at a time
    // on the transaction's connection (the driver's own queue of queries
    // is deprecated).
    let active = 0;
    let most = 0;
    let sent = 0;
    // knex reports no response for the transaction's own statements.
    const counted = (query: { sql?: unknown }) =>
      !/^(BEGIN|COMMIT|ROLLBACK)\b/i.test(String(query?.sql));
    const start = (query: { sql?: unknown }) => {
      if (!counted(query)) return;
      sent++;
      most = Math.max(most, ++active);
    };
    const end = (_response: unknown, query: { sql?: unknown }) => {
      if (counted(query)) active--;
    };
    knex.on('query', start).on('query-response', end).on('query-error', end);
    // better-sqlite3 gets its inserts as runs of prepared statements,
    // outside knex's events; they run in this thread, one at a time.
    let runs: jest.SpyInstance | undefined;
    if (knex.client.driverName === 'better-sqlite3') {
      const connection = await knex.client.acquireConnection();
      runs = jest.spyOn(
        Object.getPrototypeOf(connection.prepare('SELECT 1')),
        'run',
      );
      await knex.client.releaseConnection(connection);
    }
    const failure = await store
      .writeSnapshot({
        entries: pages(),
        assessedAt: new Date('2026-11-21T10:00:00.000Z'),
      })
      .finally(() => {
        knex
          .off('query', start)
          .off('query-response', end)
          .off('query-error', end);
        sent += runs?.mock.calls.length ?? 0;
        runs?.mockRestore();
      })
      .then(
        () => undefined,
        (error: unknown) => error as { message?: string },
      );
    expect(String(failure?.message)).toMatch(/\bkind\b/);
    expect(pulled).toBeGreaterThan(2000);
    expect(sent).toBeGreaterThan(3);
    expect(most).toBe(1);
    expect(await store.listSnapshot()).toEqual(before.snapshot);
    expect(await store.getHistory()).toEqual(before.history);
    // The connection is usable again, and the next write is whole.
    fleet[1500] = { ...fleet[1500], kind: 'Component' };
    const later = await store.writeSnapshot({
      entries: pages(),
      assessedAt: new Date('2026-11-22T10:00:00.000Z'),
    });
    expect(later.changes).toBeGreaterThanOrEqual(5500);
    expect((await store.listSnapshot()).length).toBe(5500);
  });

  it('stops pulling a producer whose entries cannot be written, and closes it, where it writes while producing', async () => {
    const before = await store.listSnapshot();
    // 100 pages; the second holds an invalid row. Where the store writes
    // while the entries are produced, it must stop asking for more once
    // that write fails, and tell the producer, as a `for await` loop would
    // (a refresh's generators then let go of the catalog read). SQLite
    // collects every page before it writes.
    const streams = id.startsWith('POSTGRES');
    // Pages that come before the stored snapshot is read are held, not
    // written; a catalog is never that fast, this producer is.
    let storedRead: () => void = () => {};
    const stored = new Promise<void>(resolve => {
      storedRead = resolve;
    });
    const onResponse = (_response: unknown, query: { sql?: unknown }) => {
      if (/row_hash/.test(String(query?.sql))) storedRead();
    };
    knex.on('query-response', onResponse);
    let pulled = 0;
    let closed = false;
    const pages = async function* pages() {
      try {
        if (streams) {
          await stored;
          await new Promise(resolve => setImmediate(resolve));
        }
        for (let page = 0; page < 100; page++) {
          const items = synthetic(300, `endless-${page}-`);
          if (page === 1) {
            items[7] = { ...items[7], kind: null as unknown as string };
          }
          pulled++;
          yield items;
        }
      } finally {
        closed = true;
      }
    };
    const failure = await store
      .writeSnapshot({
        entries: pages(),
        assessedAt: new Date('2026-11-21T10:00:00.000Z'),
      })
      .then(
        () => undefined,
        (error: unknown) => error as { message?: string },
      )
      .finally(() => knex.off('query-response', onResponse));
    expect(String(failure?.message)).toMatch(/\bkind\b/);
    expect(closed).toBe(true);
    expect(pulled < 50).toBe(streams);
    expect(await store.listSnapshot()).toEqual(before);
  });

  it('never replaces a snapshot with an older assessment', async () => {
    const all = entries();
    await store.writeSnapshot({
      entries: all,
      assessedAt: new Date('2026-11-21T10:00:00.000Z'),
    });
    const result = await store.writeSnapshot({
      entries: all.slice(1),
      assessedAt: new Date('2026-11-20T10:00:00.000Z'),
    });
    expect(result).toEqual({ changes: 0, removed: 0, superseded: true });
    expect(await store.listSnapshot()).toHaveLength(all.length);
    expect(await store.getHistory()).toHaveLength(all.length);
  });

  it('records each change once when two replicas write concurrently', async () => {
    const other = anotherClient(knex);
    try {
      const replica = await DatabaseMaturityStore.create({
        database: { getClient: async () => other },
      });
      const all = entries();
      let current = all;
      let expectedChanges = 0;
      for (let round = 0; round < 6; round++) {
        const at = new Date(Date.UTC(2026, 10, 20, 10, round));
        // Round 0 adds everything; later rounds change one entity each.
        if (round > 0) {
          const i = round % current.length;
          current = current.map((e, j) =>
            j === i ? { ...e, level: (e.level + 1) % 5 } : e,
          );
        }
        expectedChanges += round === 0 ? all.length : 1;
        await Promise.all([
          store.writeSnapshot({ entries: current, assessedAt: at }),
          replica.writeSnapshot({
            entries: current,
            assessedAt: new Date(at.getTime() + 1),
          }),
        ]);
        const history = await store.getHistory();
        expect({ round, count: history.length }).toEqual({
          round,
          count: expectedChanges,
        });
      }
      const history = await store.getHistory();
      const firsts = history.filter(h => h.oldLevel === null);
      expect(new Set(firsts.map(h => h.entityRef)).size).toBe(firsts.length);
      expect(firsts).toHaveLength(all.length);
    } finally {
      if (other !== knex) await other.destroy();
    }
  });

  it('records refresh runs', async () => {
    const ok = await store.startRun(new Date('2026-11-20T10:00:00Z'));
    await store.finishRun(ok, {
      finishedAt: new Date('2026-11-20T10:01:00Z'),
      status: 'succeeded',
      entityCount: 3,
    });
    const bad = await store.startRun(new Date('2026-11-20T11:00:00Z'));
    await store.finishRun(bad, {
      finishedAt: new Date('2026-11-20T11:00:01Z'),
      status: 'failed',
      error: 'catalog down',
    });
    const runs = await store.getRuns();
    expect(runs.last).toMatchObject({
      id: bad,
      status: 'failed',
      error: 'catalog down',
    });
    expect(runs.lastSuccess).toMatchObject({ id: ok, entityCount: 3 });
  });
});
