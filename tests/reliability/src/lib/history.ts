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

import { Knex } from 'knex';

/**
 * What must hold of the plugin's tables after any failure: per entity, a
 * history that starts with a first assessment, where each change starts at
 * the level the previous one ended at (no gaps), without two changes at
 * one time (no duplicates), ending at the level the snapshot holds.
 */
export async function historyProblems(db: Knex): Promise<string[]> {
  const problems: string[] = [];
  const history = await db('mlops_maturity_history')
    .select('entity_ref', 'changed_at', 'old_level', 'new_level')
    .orderBy([
      { column: 'entity_ref' },
      { column: 'changed_at' },
      { column: 'id' },
    ]);
  const snapshot = new Map<string, number>(
    (await db('mlops_maturity_snapshot').select('entity_ref', 'level')).map(
      (r: any) => [r.entity_ref, Number(r.level)],
    ),
  );
  const last = new Map<string, { at: number; level: number | null }>();
  for (const row of history) {
    const ref = row.entity_ref;
    const at = new Date(row.changed_at).getTime();
    const old = row.old_level === null ? null : Number(row.old_level);
    const level = row.new_level === null ? null : Number(row.new_level);
    const prev = last.get(ref);
    if (!prev) {
      if (old !== null)
        problems.push(`${ref}: history starts at old level ${old}`);
    } else {
      if (prev.at === at) problems.push(`${ref}: two changes at ${at}`);
      if (prev.level !== old) {
        problems.push(`${ref}: gap, ${prev.level} then a change from ${old}`);
      }
    }
    last.set(ref, { at, level });
  }
  for (const [ref, level] of snapshot) {
    const end = last.get(ref);
    if (!end) problems.push(`${ref}: in the snapshot without history`);
    else if (end.level !== level) {
      problems.push(
        `${ref}: snapshot level ${level}, history ends at ${end.level}`,
      );
    }
  }
  for (const [ref, end] of last) {
    if (end.level !== null && !snapshot.has(ref)) {
      problems.push(
        `${ref}: history says level ${end.level}, not in the snapshot`,
      );
    }
  }
  return problems;
}
