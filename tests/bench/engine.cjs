/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Engine throughput: entities assessed per second on one core.
// Usage: node tests/bench/engine.cjs <n>[,<n>...] [--rounds 5]
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

function measure(fn, entities, options) {
  // Warm up on the same fleet, then take the median of several rounds.
  for (let i = 0; i < Math.min(entities.length, 5000); i++)
    fn(entities[i], options);
  const rates = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < entities.length; i++)
      sink += fn(entities[i], options).level;
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    rates.push(entities.length / s);
  }
  rates.sort((a, b) => a - b);
  if (sink < 0) console.error(sink);
  return Math.round(rates[Math.floor(rates.length / 2)]);
}

for (const n of sizes) {
  const fleet = generateFleet(n);
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
