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

import type { Rollup } from './types';

/**
 * The median level of a group of components, from the number at each level;
 * 0 for none. With an even number, the mean of the two middle levels.
 *
 * @public
 */
export function medianFromCounts(
  counts: ReadonlyArray<{ level: number; count: number }>,
): number {
  const sorted = [...counts]
    .filter(c => c.count > 0)
    .sort((a, b) => a.level - b.level);
  const total = sorted.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return 0;
  /** The level of the i-th member (0-based) in ascending order. */
  const at = (index: number) => {
    let seen = 0;
    for (const c of sorted) {
      seen += c.count;
      if (index < seen) return c.level;
    }
    return sorted[sorted.length - 1].level;
  };
  const mid = Math.floor(total / 2);
  return total % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/**
 * One roll-up of several (a team and its sub-teams): the counts added, the
 * median taken over all their components, not of their medians.
 *
 * @public
 */
export function combineRollups(
  key: string | null,
  rollups: readonly Rollup[],
): Rollup {
  const levels: Record<string, number> = {};
  let total = 0;
  let atOrAboveTarget = 0;
  for (const r of rollups) {
    total += r.total;
    atOrAboveTarget += r.atOrAboveTarget;
    for (const [level, count] of Object.entries(r.levels)) {
      levels[level] = (levels[level] ?? 0) + count;
    }
  }
  return {
    key,
    total,
    levels,
    atOrAboveTarget,
    shareAtOrAboveTarget: total ? atOrAboveTarget / total : 0,
    medianLevel: medianFromCounts(
      Object.entries(levels).map(([level, count]) => ({
        level: Number(level),
        count,
      })),
    ),
  };
}
