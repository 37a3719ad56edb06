#!/usr/bin/env node
/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Rewrites the README's annotation reference from the default rubric, so the
// docs cannot drift from the data (a test fails when they differ).
const fs = require('node:fs');
const path = require('node:path');

require('@backstage/cli-node/config/nodeTransform.cjs');
const {
  defaultRubric,
  renderRubricMarkdown,
} = require('../plugins/mlops-maturity-common/src');

const START = '<!-- rubric-reference:start -->';
const END = '<!-- rubric-reference:end -->';
const file = path.resolve(__dirname, '../README.md');
const text = fs.readFileSync(file, 'utf8');
const from = text.indexOf(START);
const to = text.indexOf(END);
if (from < 0 || to < from) {
  console.error(`README.md has no ${START} … ${END} section`);
  process.exit(2);
}
const next = `${text.slice(0, from + START.length)}\n\n${renderRubricMarkdown(
  defaultRubric,
)}\n${text.slice(to)}`;
fs.writeFileSync(file, next);
console.log(next === text ? 'README.md is up to date' : 'README.md updated');
