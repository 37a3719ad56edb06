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
 * The snapshot remembers what the refresh learned about each owner (Group
 * size, ML components owned), so that the live assessment of one entity
 * needs only that entity from the catalog instead of its owner's whole
 * estate. One JSON document per snapshot, written with it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_maturity_refresh_lock', table => {
    table
      .text('owner_facts', 'longtext')
      .nullable()
      .comment(
        'JSON [[ownerRef, groupMemberCount or null, mlComponentCount], ...] of the latest snapshot',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mlops_maturity_refresh_lock', table => {
    table.dropColumn('owner_facts');
  });
};
