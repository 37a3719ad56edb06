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

// @ts-check

/**
 * The snapshot keeps each component's score (level, target, failing checks),
 * no longer the full assessment JSON (about 5 KB per component, written and
 * compared on every refresh). The views that show messages and
 * recommendations assess the entity live; the history's flipped checks
 * follow from `failing_checks`.
 *
 * `row_hash` digests a row's values, so that a refresh skips unchanged rows
 * without reading them. `assessed_at` now means when the row's values were
 * last written; the time of the latest assessment of the whole snapshot is
 * `mlops_maturity_refresh_lock.last_assessed_at`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_maturity_snapshot', table => {
    // The fleet views filter the snapshot in memory (SnapshotMemoryStore);
    // these indexes only slowed every write down.
    table.dropIndex(['owner']);
    table.dropIndex(['system']);
    table.dropIndex(['domain']);
    table.dropIndex(['level']);
    table.dropColumn('assessment');
    table
      .string('row_hash', 64)
      .nullable()
      .comment('Digest of the row values; null: unknown, rewrite');
  });
};

/**
 * The column comes back empty (null); the previous version of the plugin
 * reads only the level from it, which its other columns also hold, and
 * rewrites it on its next refresh.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mlops_maturity_snapshot', table => {
    table.dropColumn('row_hash');
    table.text('assessment').nullable().comment('MaturityAssessment JSON');
    table.index(['owner']);
    table.index(['system']);
    table.index(['domain']);
    table.index(['level']);
  });
};
