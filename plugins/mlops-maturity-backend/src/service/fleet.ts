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

import { InputError } from '@backstage/errors';
import {
  MaturityRubric,
  medianFromCounts,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import {
  SnapshotFacetCounts,
  SnapshotRollupCount,
  SnapshotRow,
  SnapshotSortField,
} from '../database/MaturityStore';
import type {
  FleetFacets,
  FleetRow,
  Rollup,
} from '@mlops-maturity/plugin-mlops-maturity-common';

// The wire types are shared with the frontend through the common package.
export type { FleetFacets, FleetRow, Rollup };

/**
 * Sort orders of the fleet view; a leading `-` sorts descending.
 *
 * @public
 */
export const FLEET_SORTS = [
  'entityRef',
  '-entityRef',
  'level',
  '-level',
  'gap',
  '-gap',
  'owner',
  '-owner',
  'title',
  '-title',
  'lastChangedAt',
  '-lastChangedAt',
] as const;

/** @public */
export type FleetSort = (typeof FLEET_SORTS)[number];

/** The fleet view's representation of a snapshot row. */
export function toFleetRow(row: SnapshotRow, rubric: MaturityRubric): FleetRow {
  return {
    entityRef: row.entityRef,
    title: row.title,
    owner: row.owner,
    system: row.system,
    domain: row.domain,
    kind: row.kind,
    lifecycle: row.lifecycle,
    type: row.type,
    level: row.level,
    levelName: rubric.levels[row.level]?.name ?? String(row.level),
    targetLevel: row.targetLevel,
    claimedLevel: row.claimedLevel,
    gap: Math.max(0, row.targetLevel - row.level),
    failingChecks: { count: row.failingChecks.length, ids: row.failingChecks },
    waived: row.waived,
    problems: row.problems,
    lastChangedAt: row.levelChangedAt.toISOString(),
  };
}

/** The store's sort of a fleet sort order. */
export function toSnapshotSort(sort: FleetSort): {
  field: SnapshotSortField;
  descending: boolean;
} {
  const descending = sort.startsWith('-');
  const field = (descending ? sort.slice(1) : sort) as SnapshotSortField;
  return { field, descending };
}

/** The position after one row in one sort order. */
interface CursorData {
  /** The sort order the cursor belongs to. */
  s: string;
  /** The row's sort key. */
  k: string | number;
  /** The row's entity ref. */
  r: string;
}

const NUMERIC_SORT_FIELDS: SnapshotSortField[] = [
  'level',
  'gap',
  'lastChangedAt',
];

/** An opaque cursor after a row that was sorted by `sortKey`. */
export function encodeFleetCursor(
  sort: FleetSort,
  sortKey: string | number,
  entityRef: string,
): string {
  const data: CursorData = { s: sort, k: sortKey, r: entityRef };
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

/** The keyset position of a cursor; InputError when it is not one of ours. */
export function decodeFleetCursor(
  cursor: string,
  sort: FleetSort,
): { key: string | number; entityRef: string } {
  const numeric = NUMERIC_SORT_FIELDS.includes(toSnapshotSort(sort).field);
  let data: any;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    data = undefined;
  }
  if (
    data &&
    typeof data === 'object' &&
    typeof data.s === 'string' &&
    typeof data.r === 'string' &&
    (typeof data.k === 'string' || typeof data.k === 'number')
  ) {
    if (data.s !== sort) {
      throw new InputError(
        `Invalid query parameter "cursor": it belongs to sort "${data.s}", not "${sort}"`,
      );
    }
    // Only what a row can hold: databases reject NUL characters, fractions
    // and numbers beyond their integer or timestamp range (a 500, not a 400).
    const maxKey =
      toSnapshotSort(sort).field === 'lastChangedAt' ? 8.64e15 : 1_000_000;
    const goodText = (v: string) => v.length <= 1000 && !v.includes('\u0000');
    if (
      numeric === (typeof data.k === 'number') &&
      (numeric
        ? Number.isSafeInteger(data.k) && Math.abs(data.k) <= maxKey
        : goodText(data.k)) &&
      goodText(data.r)
    ) {
      return { key: data.k, entityRef: data.r };
    }
  }
  throw new InputError(
    'Invalid query parameter "cursor": use the nextCursor value of a previous response',
  );
}

/** A count for every level of the rubric, zero when absent. */
export function levelCounts(
  counts: Array<{ level: number; count: number }>,
  rubric: MaturityRubric,
): Record<string, number> {
  const levels: Record<string, number> = {};
  rubric.levels.forEach(l => {
    levels[String(l.level)] = 0;
  });
  for (const { level, count } of counts) {
    levels[String(level)] = (levels[String(level)] ?? 0) + count;
  }
  return levels;
}

/** The fleet facets from the store's counts: owners by count, then name. */
export function toFacets(
  counts: SnapshotFacetCounts,
  rubric: MaturityRubric,
): FleetFacets {
  return {
    levels: levelCounts(counts.levels, rubric),
    owners: [...counts.owners].sort(
      (a, b) =>
        b.count - a.count || String(a.owner).localeCompare(String(b.owner)),
    ),
  };
}

/** Roll-ups from the store's counts per key and level, sorted by key. */
export function toRollups(
  counts: SnapshotRollupCount[],
  rubric: MaturityRubric,
): Rollup[] {
  const groups = new Map<string | null, SnapshotRollupCount[]>();
  for (const c of counts) {
    const group = groups.get(c.key);
    if (group) group.push(c);
    else groups.set(c.key, [c]);
  }
  return [...groups]
    .map(([key, members]) => {
      const total = members.reduce((sum, c) => sum + c.count, 0);
      const atOrAbove = members.reduce((sum, c) => sum + c.atOrAboveTarget, 0);
      return {
        key,
        total,
        levels: levelCounts(members, rubric),
        atOrAboveTarget: atOrAbove,
        shareAtOrAboveTarget: total ? atOrAbove / total : 0,
        medianLevel: medianFromCounts(members),
      };
    })
    .sort((a, b) => String(a.key ?? '').localeCompare(String(b.key ?? '')));
}
