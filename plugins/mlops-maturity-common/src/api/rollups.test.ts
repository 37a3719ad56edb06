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

import { combineRollups, medianFromCounts } from './rollups';

const median = (levels: number[]) => {
  const counts = new Map<number, number>();
  for (const l of levels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return medianFromCounts(
    [...counts].map(([level, count]) => ({ level, count })),
  );
};

describe('medianFromCounts', () => {
  it('computes the median level from the counts per level', () => {
    expect(median([])).toBe(0);
    expect(median([3])).toBe(3);
    expect(median([1, 3])).toBe(2);
    expect(median([0, 4, 1])).toBe(1);
    expect(median([2, 2, 0, 4])).toBe(2);
    expect(median([0, 0, 1, 4])).toBe(0.5);
    expect(medianFromCounts([{ level: 2, count: 0 }])).toBe(0);
  });
});

describe('combineRollups', () => {
  it('adds the counts and takes the median over every component', () => {
    // A team with levels 0, 0, 0 (median 0) and a sub-team with 4, 4 (median
    // 4): together 0, 0, 0, 4, 4, whose median is 0, not the mean of 0 and 4.
    const combined = combineRollups('group:default/dept', [
      {
        key: 'group:default/a',
        total: 3,
        levels: { '0': 3 },
        atOrAboveTarget: 1,
        shareAtOrAboveTarget: 1 / 3,
        medianLevel: 0,
      },
      {
        key: 'group:default/b',
        total: 2,
        levels: { '4': 2 },
        atOrAboveTarget: 2,
        shareAtOrAboveTarget: 1,
        medianLevel: 4,
      },
    ]);
    expect(combined).toEqual({
      key: 'group:default/dept',
      total: 5,
      levels: { '0': 3, '4': 2 },
      atOrAboveTarget: 3,
      shareAtOrAboveTarget: 3 / 5,
      medianLevel: median([0, 0, 0, 4, 4]),
    });
    expect(combined.medianLevel).toBe(0);
  });

  it('is one roll-up unchanged, and zero for none', () => {
    const one = {
      key: 'system:default/s',
      total: 4,
      levels: { '1': 1, '2': 2, '3': 1 },
      atOrAboveTarget: 2,
      shareAtOrAboveTarget: 0.5,
      medianLevel: 2,
    };
    expect(combineRollups(one.key, [one])).toEqual(one);
    expect(combineRollups(null, [])).toEqual({
      key: null,
      total: 0,
      levels: {},
      atOrAboveTarget: 0,
      shareAtOrAboveTarget: 0,
      medianLevel: 0,
    });
  });
});
