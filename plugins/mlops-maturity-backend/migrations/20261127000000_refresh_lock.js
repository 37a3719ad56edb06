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
 * A one-row table that serializes the write phase of refreshes across
 * backend replicas: each snapshot write locks the row (SELECT ... FOR UPDATE
 * on PostgreSQL and MySQL, a write to it on SQLite) for the length of its
 * transaction, and remembers the assessment time of the latest write so that
 * an older assessment never replaces a newer snapshot.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_maturity_refresh_lock', table => {
    table.comment('One row, locked by every snapshot write');
    table.integer('id').primary().notNullable();
    table.timestamp('locked_at', { useTz: true }).nullable();
    table
      .timestamp('last_assessed_at', { useTz: true })
      .nullable()
      .comment('assessedAt of the latest snapshot written');
  });
  await knex('mlops_maturity_refresh_lock').insert({ id: 1 });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_maturity_refresh_lock');
};
