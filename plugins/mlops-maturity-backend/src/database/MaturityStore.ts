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

import type { OwnerFacts } from '@mlops-maturity/plugin-mlops-maturity-common';

/**
 * The current assessment of one ML component, as the snapshot holds it.
 *
 * @public
 */
export interface SnapshotRow {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  /** Full refs (`group:default/team-a`), or null when not given. */
  owner: string | null;
  system: string | null;
  domain: string | null;
  type: string | null;
  lifecycle: string | null;
  level: number;
  targetLevel: number;
  claimedLevel: number | null;
  failingChecks: readonly string[];
  /** True when at least one check passes through an active waiver. */
  waived: boolean;
  /** Number of problems with the entity's annotations. */
  problems: number;
  levelChangedAt: Date;
}

/**
 * One ML component to write into the snapshot. The snapshot keeps the score
 * (level, target, failing checks), not the full assessment with its messages
 * and recommendations: the views that show those assess the entity live.
 *
 * @public
 */
export type SnapshotEntry = Omit<SnapshotRow, 'levelChangedAt'> & {
  /**
   * What the row was scored from (the catalog entity's etag, with the day
   * when waivers make the score depend on it), for {@link StoredSnapshotIndex}.
   */
  sourceKey?: string | null;
};

/**
 * What a refresh may ask of the stored snapshot while it writes a new one,
 * so that it need not score a component whose entity has not changed.
 * Given only when the stored snapshot was scored with the same
 * {@link SnapshotReuse.key}.
 *
 * @public
 */
export interface StoredSnapshotIndex {
  /**
   * Keeps the stored row of `entityRef` as it is when it was scored from
   * `sourceKey`, counting it into the new snapshot without an entry.
   * Returns the stored ref when kept (an entry given later for it replaces
   * it), undefined otherwise.
   */
  keep(entityRef: string, sourceKey: string): string | undefined;
  /** Undoes {@link StoredSnapshotIndex.keep}: without an entry, the row is removed. */
  release(entityRef: string): void;
  /** The owner facts the stored snapshot was scored with. */
  ownerFacts: ReadonlyMap<string, OwnerFacts>;
  /** The Domain of each System, as the stored snapshot was scored with. */
  systemDomains: ReadonlyMap<string, string>;
}

/**
 * Lets the producer of a snapshot's entries keep unchanged stored rows.
 *
 * @public
 */
export interface SnapshotReuse {
  /** What every score depends on besides its inputs (rubric, engine revision). */
  key: string;
  /**
   * Called once, before or while the entries are pulled: with the index
   * once the stored snapshot is read, or with undefined as soon as the store
   * knows it will not give one (another key, no snapshot written while
   * producing, a failed read, no stored row to keep). A producer may hold
   * its input until then.
   */
  onIndex(index: StoredSnapshotIndex | undefined): void;
  /** The Domain of each System, once every entry is read; stored with the snapshot. */
  systemDomains(): ReadonlyMap<string, string> | undefined;
}

/**
 * The text fields of a snapshot row that a filter matches, case-insensitively.
 *
 * @public
 */
export const SNAPSHOT_TEXT_FILTERS = [
  'owner',
  'system',
  'domain',
  'kind',
  'type',
  'lifecycle',
] as const;

/**
 * The values a text filter field accepts, lower-cased; undefined when the
 * field is not set.
 *
 * @public
 */
export function textFilterValues(
  value: string | readonly string[] | undefined,
): string[] | undefined {
  if (value === undefined) return undefined;
  const values = typeof value === 'string' ? [value] : value;
  return values.map(v => v.toLocaleLowerCase('en-US'));
}

/**
 * Which snapshot rows to list; every given field must match.
 *
 * @public
 */
export interface SnapshotFilter {
  level?: number;
  minLevel?: number;
  maxLevel?: number;
  belowTarget?: boolean;
  /** One value, or several: any of them matches (as with every text field). */
  owner?: string | readonly string[];
  system?: string | readonly string[];
  domain?: string | readonly string[];
  kind?: string | readonly string[];
  type?: string | readonly string[];
  lifecycle?: string | readonly string[];
  failingCheck?: string;
  waived?: boolean;
  /** Free text, matched against the ref and the title. */
  q?: string;
  /** Only these entities (the ones the caller may read); all when absent. */
  entityRefs?: Iterable<string>;
}

/**
 * Columns the snapshot can be ordered by. Ties are always broken by
 * ascending `entityRef`.
 *
 * @public
 */
export type SnapshotSortField =
  | 'entityRef'
  | 'level'
  | 'gap'
  | 'owner'
  | 'title'
  | 'lastChangedAt';

/**
 * One page of the snapshot in a sort order, after a keyset position.
 *
 * @public
 */
export interface SnapshotPageRequest {
  sort: { field: SnapshotSortField; descending: boolean };
  limit: number;
  /** The sort key and ref of the last row of the previous page. */
  after?: { key: string | number; entityRef: string };
}

/**
 * A snapshot row with the value it was sorted by (lower-cased title, gap,
 * epoch milliseconds for `lastChangedAt`, ...), for keyset cursors.
 *
 * @public
 */
export interface SortedSnapshotRow {
  row: SnapshotRow;
  sortKey: string | number;
}

/**
 * Counts per level and per owner of the rows that match a filter.
 *
 * @public
 */
export interface SnapshotFacetCounts {
  total: number;
  levels: Array<{ level: number; count: number }>;
  owners: Array<{ owner: string | null; count: number }>;
}

/**
 * Counts of one owner, System or Domain at one level.
 *
 * @public
 */
export interface SnapshotRollupCount {
  key: string | null;
  level: number;
  count: number;
  /** How many of them are at or above their target level. */
  atOrAboveTarget: number;
}

/**
 * A check whose result changed between two assessments.
 *
 * @public
 */
export interface FlippedCheck {
  id: string;
  /** Whether it passed before. */
  from: boolean;
  /** Whether it passes now. */
  to: boolean;
}

/**
 * A change of an ML component's level or check results.
 *
 * @public
 */
export interface HistoryEntry {
  id: number;
  entityRef: string;
  changedAt: Date;
  /** Null on the first assessment. */
  oldLevel: number | null;
  /** Null when the entity left the catalog. */
  newLevel: number | null;
  flippedChecks: FlippedCheck[];
}

/**
 * The number of ML components at one level on one day.
 *
 * @public
 */
export interface FleetDayCount {
  day: string;
  level: number;
  count: number;
}

/**
 * One assessment run of the whole catalog.
 *
 * @public
 */
export interface RefreshRun {
  id: number;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'running' | 'succeeded' | 'failed';
  error: string | null;
  entityCount: number | null;
}

/**
 * Persistence of the snapshot, its history and the refresh runs.
 *
 * @public
 */
export interface MaturityStore {
  /**
   * Replaces the snapshot with a complete new one and records what changed,
   * all in one transaction. Writes are serialized across replicas and the
   * changes are computed against the snapshot as read inside that
   * transaction, so writing the same result twice (or concurrently) records
   * nothing the second time. When a later assessment has already been
   * written, nothing is written and `superseded` is true.
   */
  writeSnapshot(options: {
    /**
     * Read once, in order; may be produced lazily (a generator) for large
     * fleets, or as pages of entries over time (an async generator), which
     * the store writes as they come, within the same transaction.
     */
    entries: Iterable<SnapshotEntry> | AsyncIterable<Iterable<SnapshotEntry>>;
    assessedAt: Date;
    /**
     * The rubric's check ids. A history entry records the checks that flipped
     * among these; without it, every check that failed before or fails now
     * and not both. It keeps a failing check that was removed from the rubric
     * from showing as fixed.
     */
    checkIds?: Iterable<string>;
    /**
     * What the refresh learned about each owner, by full lower-case ref;
     * kept with the snapshot for live assessments. Left as it was when absent.
     * A function is called once every entry is read: a refresh that writes
     * while it reads knows them only then.
     */
    ownerFacts?:
      | ReadonlyMap<string, OwnerFacts>
      | (() => ReadonlyMap<string, OwnerFacts> | undefined);
    /**
     * Reuse of the stored rows of unchanged components. Supported where the
     * snapshot is written while the entries are produced (PostgreSQL);
     * elsewhere `onIndex` is never called and every entry is given.
     */
    reuse?: SnapshotReuse;
  }): Promise<{
    changes: number;
    removed: number;
    superseded?: boolean;
    /** Rows kept without an entry (see {@link SnapshotReuse}). */
    kept?: number;
  }>;
  /**
   * The owner facts written with the latest snapshot; empty before the first
   * snapshot that had them.
   */
  getOwnerFacts(): Promise<ReadonlyMap<string, OwnerFacts>>;
  /** Every matching row, in no particular order. */
  listSnapshot(filter?: SnapshotFilter): Promise<SnapshotRow[]>;
  /**
   * Up to `limit` matching rows in the sort order, after the keyset
   * position. The result may be shared between calls: do not change it.
   */
  listSnapshotPage(
    filter: SnapshotFilter,
    request: SnapshotPageRequest,
  ): Promise<SortedSnapshotRow[]>;
  /** Number of matching rows per level and per owner. */
  countSnapshotFacets(filter: SnapshotFilter): Promise<SnapshotFacetCounts>;
  /** Number of matching rows per owner, System or Domain and level. */
  countSnapshotRollups(
    filter: SnapshotFilter,
    by: 'owner' | 'system' | 'domain',
  ): Promise<SnapshotRollupCount[]>;
  getSnapshotEntry(entityRef: string): Promise<SnapshotRow | undefined>;
  /** Distinct kinds in the snapshot (lower case). */
  listKinds(): Promise<string[]>;
  /** The history of the given entities, oldest first; all entities when absent. */
  getHistory(options?: {
    entityRefs?: Iterable<string>;
  }): Promise<HistoryEntry[]>;
  /** Changes newest first, after the keyset cursor when given. */
  listChanges(options: {
    limit: number;
    before?: { changedAt: Date; id: number };
    entityRefs?: Iterable<string>;
  }): Promise<HistoryEntry[]>;
  listFleetDaily(): Promise<FleetDayCount[]>;
  startRun(startedAt: Date): Promise<number>;
  finishRun(
    id: number,
    result: {
      finishedAt: Date;
      status: 'succeeded' | 'failed';
      error?: string;
      entityCount?: number;
    },
  ): Promise<void>;
  /**
   * The latest run (possibly still running), the latest finished run, and
   * the latest successful run.
   */
  getRuns(): Promise<{
    last?: RefreshRun;
    lastFinished?: RefreshRun;
    lastSuccess?: RefreshRun;
  }>;
}

/**
 * A store whose snapshot can tell cheaply whether it changed.
 *
 * @public
 */
export interface VersionedMaturityStore extends MaturityStore {
  /**
   * A value that changes whenever a snapshot is written, by any replica;
   * undefined before the first.
   */
  getSnapshotVersion(): Promise<string | undefined>;
}
