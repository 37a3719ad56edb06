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

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { MaturityRubric } from '@mlops-maturity/plugin-mlops-maturity-common';
import {
  HistoryEntry,
  MaturityStore,
  SnapshotFacetCounts,
  SnapshotFilter,
  SnapshotRollupCount,
  SnapshotRow,
} from '../database/MaturityStore';
import { utcDay } from '../database/DatabaseMaturityStore';
import {
  FleetFacets,
  FleetRow,
  FleetSort,
  Rollup,
  decodeFleetCursor,
  encodeFleetCursor,
  levelCounts,
  toFacets,
  toFleetRow,
  toRollups,
  toSnapshotSort,
} from './fleet';
import { VisibilityService, refsFilter } from './VisibilityService';
import { cached } from './cached';
import type { Freshness as WireFreshness } from '@mlops-maturity/plugin-mlops-maturity-common';

/**
 * How fresh the snapshot is: the wire type, with every field always sent.
 *
 * @public
 */
export type Freshness = Required<WireFreshness>;

/**
 * Counts per level on one day.
 *
 * @public
 */
export interface FleetDay {
  day: string;
  levels: Record<string, number>;
}

function encode(data: object): string {
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

/**
 * One page of the fleet view.
 *
 * @public
 */
export interface FleetPage {
  items: FleetRow[];
  totalItems: number;
  nextCursor?: string;
  facets: FleetFacets;
}

type FleetFilter = Omit<SnapshotFilter, 'entityRefs'>;

/** Rows per database page of the CSV export. */
const EXPORT_PAGE = 500;

/**
 * Snapshot-backed views, always limited to what the caller may read.
 *
 * @public
 */
export class FleetService {
  // The store may hand out the same counts for the same snapshot and filter
  // (SnapshotMemoryStore does); sorting a few hundred owners by name is then
  // done once, not per page.
  private readonly facetsByCounts = new WeakMap<
    SnapshotFacetCounts,
    FleetFacets
  >();
  private readonly rollupsByCounts = new WeakMap<
    SnapshotRollupCount[],
    Rollup[]
  >();
  // The same row (SnapshotMemoryStore keeps one object per row of a
  // snapshot) gives the same fleet row: pages share them, and a route
  // serializes each once (see router/json.ts). Both go with the snapshot.
  // Exports do not use it: they would hold the text of every row.
  private readonly fleetRows = new WeakMap<SnapshotRow, FleetRow>();

  private fleetRowOf(row: SnapshotRow): FleetRow {
    return cached(this.fleetRows, row, r => toFleetRow(r, this.options.rubric));
  }

  private facetsOf(counts: SnapshotFacetCounts): FleetFacets {
    return cached(this.facetsByCounts, counts, c =>
      toFacets(c, this.options.rubric),
    );
  }

  constructor(
    private readonly options: {
      store: MaturityStore;
      visibility: VisibilityService;
      rubric: MaturityRubric;
    },
  ) {}

  /**
   * The caller's filter restricted to what they may read, or undefined when
   * they may read nothing.
   */
  private async scoped(
    credentials: BackstageCredentials,
    filter: FleetFilter,
  ): Promise<SnapshotFilter | undefined> {
    const entityRefs = refsFilter(
      await this.options.visibility.resolve(credentials),
    );
    if (entityRefs && entityRefs.size === 0) return undefined;
    return { ...filter, entityRefs };
  }

  /**
   * One page of the caller's fleet in a sort order, with the total and the
   * facets of every matching row; sorted, paged and counted in the database.
   */
  async list(
    credentials: BackstageCredentials,
    filter: FleetFilter,
    page: { sort: FleetSort; limit: number; cursor?: string },
  ): Promise<FleetPage> {
    const { store, rubric } = this.options;
    const { sort, limit, cursor } = page;
    const after = cursor ? decodeFleetCursor(cursor, sort) : undefined;
    const scoped = await this.scoped(credentials, filter);
    if (!scoped) {
      return {
        items: [],
        totalItems: 0,
        facets: { levels: levelCounts([], rubric), owners: [] },
      };
    }
    const [sorted, counts] = await Promise.all([
      store.listSnapshotPage(scoped, {
        sort: toSnapshotSort(sort),
        limit: limit + 1,
        after,
      }),
      store.countSnapshotFacets(scoped),
    ]);
    const items = sorted.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(s => this.fleetRowOf(s.row)),
      totalItems: counts.total,
      nextCursor:
        sorted.length > limit && last
          ? encodeFleetCursor(sort, last.sortKey, last.row.entityRef)
          : undefined,
      facets: this.facetsOf(counts),
    };
  }

  /**
   * Every row of the caller's fleet in a sort order, one database page at a
   * time (for exports that must not hold the whole fleet in memory).
   */
  async *pages(
    credentials: BackstageCredentials,
    filter: FleetFilter,
    sort: FleetSort,
    pageSize = EXPORT_PAGE,
  ): AsyncGenerator<FleetRow[]> {
    const { store, rubric } = this.options;
    const scoped = await this.scoped(credentials, filter);
    if (!scoped) return;
    let after: { key: string | number; entityRef: string } | undefined;
    for (;;) {
      const sorted = await store.listSnapshotPage(scoped, {
        sort: toSnapshotSort(sort),
        limit: pageSize,
        after,
      });
      if (sorted.length > 0) yield sorted.map(s => toFleetRow(s.row, rubric));
      if (sorted.length < pageSize) return;
      const last = sorted[sorted.length - 1];
      after = { key: last.sortKey, entityRef: last.row.entityRef };
    }
  }

  /** Maturity per owner, System or Domain of the caller's fleet. */
  async rollups(
    credentials: BackstageCredentials,
    filter: FleetFilter,
    by: 'owner' | 'system' | 'domain',
  ): Promise<Rollup[]> {
    const { store, rubric } = this.options;
    const scoped = await this.scoped(credentials, filter);
    if (!scoped) return [];
    const counts = await store.countSnapshotRollups(scoped, by);
    return cached(this.rollupsByCounts, counts, c => toRollups(c, rubric));
  }

  /**
   * How old the snapshot is, and whether the latest refresh failed (the
   * snapshot is then kept from the latest successful one).
   */
  async freshness(now = new Date()): Promise<Freshness> {
    const { last, lastFinished, lastSuccess } =
      await this.options.store.getRuns();
    const generated = lastSuccess?.finishedAt ?? null;
    const failed = lastFinished?.status === 'failed';
    return {
      generatedAt: generated ? generated.toISOString() : null,
      dataAge: generated
        ? Math.max(0, Math.round((now.getTime() - generated.getTime()) / 1000))
        : null,
      stale: !lastSuccess || failed,
      lastError: failed ? lastFinished?.error ?? 'unknown error' : null,
      lastRefresh: last
        ? {
            status: last.status,
            startedAt: last.startedAt.toISOString(),
            finishedAt: last.finishedAt ? last.finishedAt.toISOString() : null,
            error: last.error,
          }
        : null,
    };
  }

  /** Level per day of the caller's visible fleet, for the days a refresh ran. */
  async fleetHistory(credentials: BackstageCredentials): Promise<FleetDay[]> {
    const { store, visibility, rubric } = this.options;
    const emptyLevels = () =>
      Object.fromEntries(rubric.levels.map(l => [String(l.level), 0]));
    const daily = await store.listFleetDaily();
    const days = [...new Set(daily.map(d => d.day))].sort();
    const seen = await visibility.resolve(credentials);
    if (seen.all) {
      const byDay = new Map(days.map(day => [day, emptyLevels()]));
      for (const d of daily) byDay.get(d.day)![String(d.level)] = d.count;
      return days.map(day => ({ day, levels: byDay.get(day)! }));
    }
    // Rebuilt from the change log of the visible entities only, so that
    // counts never include what the caller may not read.
    const history =
      seen.refs.size === 0
        ? []
        : await store.getHistory({ entityRefs: seen.refs });
    const current = new Map<string, number | null>();
    let next = 0;
    return days.map(day => {
      while (next < history.length && utcDay(history[next].changedAt) <= day) {
        current.set(history[next].entityRef, history[next].newLevel);
        next++;
      }
      const levels = emptyLevels();
      for (const level of current.values()) {
        if (level !== null)
          levels[String(level)] = (levels[String(level)] ?? 0) + 1;
      }
      return { day, levels };
    });
  }

  /** The change log of the caller's visible entities, newest first. */
  async changes(
    credentials: BackstageCredentials,
    limit: number,
    cursor?: string,
  ): Promise<{ items: HistoryEntry[]; nextCursor?: string }> {
    const { store, visibility } = this.options;
    let before: { changedAt: Date; id: number } | undefined;
    if (cursor) {
      try {
        const data = JSON.parse(Buffer.from(cursor, 'base64url').toString());
        // A valid date and a bigint id, or the database would fail (a 500).
        if (
          !Number.isSafeInteger(data.t) ||
          Math.abs(data.t) > 8.64e15 ||
          !Number.isSafeInteger(data.id) ||
          data.id < 0
        ) {
          throw new Error('bad cursor');
        }
        before = { changedAt: new Date(data.t), id: data.id };
      } catch {
        throw new InputError(
          'Invalid query parameter "cursor": use the nextCursor value of a previous response',
        );
      }
    }
    const entityRefs = refsFilter(await visibility.resolve(credentials));
    if (entityRefs && entityRefs.size === 0) return { items: [] };
    const items = await store.listChanges({
      limit: limit + 1,
      before,
      entityRefs,
    });
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor:
        items.length > limit && last
          ? encode({ t: last.changedAt.getTime(), id: last.id })
          : undefined,
    };
  }
}
