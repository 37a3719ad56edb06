/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Engine throughput: entities assessed per second on one core.
// Usage: node tests/bench/engine.cjs <n>[,<n>...] [--rounds 5] [--warmup 5]
// Prints one JSON line per N on stdout.
'use strict';

require('@backstage/cli-node/config/nodeTransform.cjs');
const path = require('node:path');
const common = require(path.resolve(
  __dirname,
  '../../plugins/mlops-maturity-common/src',
));
const { generateFleet } = require('./fleet.cjs');

const args = process.argv.slice(2);
const sizes = (args[0] ?? '10000').split(',').map(Number);
const roundsAt = args.indexOf('--rounds');
const rounds = (roundsAt >= 0 && Number(args[roundsAt + 1])) || 5;

const warmupAt = args.indexOf('--warmup');
const warmups = warmupAt >= 0 ? Number(args[warmupAt + 1]) : 5;

function measure(fn, entities, options) {
  // Warm up on the same fleet, then take the median of several rounds. V8
  // settles its optimized code over the first four or five passes (about
  // 15% slower before; MM_BENCH_ROUNDS_LOG=1 prints each round's rate, and
  // docs/benchmarks.md has them): the goal is the steady rate.
  const warm = Math.max(5000, warmups * entities.length);
  for (let i = 0; i < warm; i++) fn(entities[i % entities.length], options);
  const rates = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < entities.length; i++)
      sink += fn(entities[i], options).level;
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    rates.push(entities.length / s);
  }
  if (process.env.MM_BENCH_ROUNDS_LOG) {
    console.error(
      `${fn.name} ${entities.length}: ${rates
        .map(r => `${Math.round(r / 1000)}k`)
        .join(' ')}`,
    );
  }
  rates.sort((a, b) => a - b);
  if (sink < 0) console.error(sink);
  return Math.round(rates[Math.floor(rates.length / 2)]);
}

/**
 * The fleet as the engine gets it from the catalog (or the CLI from YAML):
 * parsed. Objects built in place by the generator carry what a parser never
 * gives: annotations in V8's dictionary mode after a `delete`, values that
 * are ropes of template literals. At 100k those cost the engine about 4%
 * (docs/benchmarks.md, "The engine's input as the catalog gives it").
 */
function parsedFleet(n) {
  const all = JSON.parse(JSON.stringify(generateFleet(n).all));
  return { all, components: all.filter(e => e.kind === 'Component') };
}

for (const n of sizes) {
  const fleet = parsedFleet(n);
  const context = common.buildAssessmentContext(fleet.all);
  const options = { context, now: new Date('2026-11-26T12:00:00Z') };
  const full = measure(common.assessEntity, fleet.components, options);
  const score = common.scoreEntity
    ? measure(common.scoreEntity, fleet.components, options)
    : null;
  const levels = [0, 0, 0, 0, 0];
  for (const e of fleet.components)
    levels[common.assessEntity(e, options).level]++;
  console.log(
    JSON.stringify({ n, assessPerSec: full, scorePerSec: score, levels }),
  );
}
