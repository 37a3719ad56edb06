#!/usr/bin/env node
/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Writes schema/mlops-annotations.schema.json, the JSON Schema of the
// annotations, from the default rubric, so editors and CI cannot drift from
// the engine (a test fails when the committed file differs).
const fs = require('node:fs');
const path = require('node:path');
const prettier = require('prettier');

require('@backstage/cli-node/config/nodeTransform.cjs');
const {
  defaultRubric,
  rubricJsonSchema,
} = require('../plugins/mlops-maturity-common/src');

const file = path.resolve(__dirname, '../schema/mlops-annotations.schema.json');
const next = prettier.format(JSON.stringify(rubricJsonSchema(defaultRubric)), {
  parser: 'json',
});
const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, next);
console.log(
  next === previous
    ? `${path.relative(process.cwd(), file)} is up to date`
    : `${path.relative(process.cwd(), file)} written`,
);
