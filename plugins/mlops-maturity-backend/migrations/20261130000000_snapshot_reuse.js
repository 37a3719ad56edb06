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
 * A scheduled refresh need not score a component whose catalog entity has
 * not changed since its row was written, as long as what its score reads
 * besides the entity (the rubric, the day for waivers, its owner's facts,
 * its System's Domain) has not changed either. Each row keeps the entity's
 * etag it was scored from; the lock row keeps what the whole snapshot was
 * scored with.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mlops_maturity_snapshot', table => {
    table
      .string('source_key', 255)
      .nullable()
      .comment(
        'The etag of the catalog entity the row was scored from, with the day when waivers make the score depend on it',
      );
  });
  await knex.schema.alterTable('mlops_maturity_refresh_lock', table => {
    table
      .string('reuse_key', 255)
      .nullable()
      .comment('The rubric and engine revision of the latest snapshot');
    table
      .text('system_domains', 'longtext')
      .nullable()
      .comment('JSON [[systemRef, domainRef], ...] of the latest snapshot');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mlops_maturity_refresh_lock', table => {
    table.dropColumn('system_domains');
    table.dropColumn('reuse_key');
  });
  await knex.schema.alterTable('mlops_maturity_snapshot', table => {
    table.dropColumn('source_key');
  });
};
