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
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mlops_maturity_snapshot', table => {
    table.comment('The latest assessment of every ML component in the catalog');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('kind', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('name', 255).notNullable();
    table.text('title').nullable();
    table.string('owner', 255).nullable().index();
    table.string('system', 255).nullable().index();
    table.string('domain', 255).nullable().index();
    table.string('type', 255).nullable();
    table.string('lifecycle', 255).nullable();
    table.integer('level').notNullable().index();
    table.integer('target_level').notNullable();
    table.integer('claimed_level').nullable();
    table.integer('failing_count').notNullable();
    table
      .text('failing_checks')
      .notNullable()
      .comment('Failing check ids as ",id1,id2," for LIKE filtering');
    table.boolean('waived').notNullable();
    table.integer('problems').notNullable();
    table.text('assessment').notNullable().comment('MaturityAssessment JSON');
    table.timestamp('assessed_at', { useTz: true }).notNullable();
    table.timestamp('level_changed_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('mlops_maturity_history', table => {
    table.comment(
      'Every change of level or of check results of an ML component',
    );
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.integer('old_level').nullable().comment('null: first assessment');
    table.integer('new_level').nullable().comment('null: left the catalog');
    table.text('flipped_checks').notNullable().comment('JSON [{id, from, to}]');
    table.unique(['entity_ref', 'changed_at'], {
      indexName: 'mlops_maturity_history_entity_changed_uniq',
    });
    table.index(['changed_at'], 'mlops_maturity_history_changed_idx');
  });

  await knex.schema.createTable('mlops_maturity_fleet_daily', table => {
    table.comment('Number of ML components at each level, per day');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.integer('level').notNullable();
    table.integer('count').notNullable();
    table.unique(['day', 'level'], {
      indexName: 'mlops_maturity_fleet_daily_day_level_uniq',
    });
  });

  await knex.schema.createTable('mlops_maturity_refresh_runs', table => {
    table.comment('Each assessment of the whole catalog');
    table.bigIncrements('id').primary();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table
      .string('status', 32)
      .notNullable()
      .comment('running | succeeded | failed');
    table.text('error').nullable();
    table.integer('entity_count').nullable();
    table.index(['started_at'], 'mlops_maturity_refresh_runs_started_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mlops_maturity_refresh_runs');
  await knex.schema.dropTable('mlops_maturity_fleet_daily');
  await knex.schema.dropTable('mlops_maturity_history');
  await knex.schema.dropTable('mlops_maturity_snapshot');
};
