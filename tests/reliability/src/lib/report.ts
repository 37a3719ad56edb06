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

import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const outDir = path.resolve(__dirname, '../../out');
const docFile = path.join(root, 'docs', 'reliability.md');

/** One part of the suite's figures. */
export interface Figures {
  /** Heading of the section. */
  title: string;
  /** Markdown lines (table rows, bullet points). */
  lines: string[];
}

const ORDER = ['permissions', 'fuzz', 'hostile', 'load', 'faults', 'replicas'];

/**
 * Records a part's figures of this run. A full run (MM_RELIABILITY_FULL=1)
 * also rewrites docs/reliability.md from every part recorded so far (each
 * part keeps its latest run); the short default run, as in CI, leaves the
 * committed figures alone.
 */
export function recordFigures(part: string, figures: Figures) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${part}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(
    tmp,
    JSON.stringify(
      {
        ...figures,
        at: new Date().toISOString(),
        mode:
          process.env.MM_RELIABILITY_FULL === '1'
            ? 'full (MM_RELIABILITY_FULL=1)'
            : 'default (short)',
      },
      null,
      2,
    ),
  );
  fs.renameSync(tmp, file);
  if (process.env.MM_RELIABILITY_FULL === '1') renderDoc();
}

function renderDoc() {
  const parts = fs
    .readdirSync(outDir)
    .filter(f => f.endsWith('.json'))
    .map(f => f.replace(/\.json$/, ''))
    .sort(
      (a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99),
    );
  const lines = [
    '# Reliability of the MLOps Maturity backend',
    '',
    '<!-- Written by tests/reliability (src/lib/report.ts) at the end of each run; do not edit by hand. -->',
    '',
    'The suite in [`tests/reliability`](../tests/reliability) starts real backends (the',
    'Backstage catalog, the permission framework with a real policy, and the MLOps maturity',
    'plugin) and proves that callers never see what the permission policy hides, that no',
    'input produces a server error, that the backend holds up under load, and that it',
    'survives its catalog, its database and itself failing mid-refresh.',
    '',
    'Reproduce these figures from the repository root (PostgreSQL parts run when',
    '`BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING` is set, as `.ci/run` does):',
    '',
    '```sh',
    'source scripts/env.sh',
    'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432 \\',
    '  CI=true yarn backstage-cli repo test tests/reliability',
    '# the long load and replica runs (60 s at concurrency 100):',
    'MM_RELIABILITY_FULL=1 BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=... \\',
    '  CI=true yarn backstage-cli repo test tests/reliability',
    '```',
    '',
    'Figures of the last run of each part:',
    '',
  ];
  for (const part of parts) {
    const data = JSON.parse(
      fs.readFileSync(path.join(outDir, `${part}.json`), 'utf8'),
    );
    lines.push(
      `## ${data.title}`,
      '',
      `_Last run ${data.at}, mode: ${data.mode}._`,
      '',
    );
    lines.push(...data.lines, '');
  }
  fs.mkdirSync(path.dirname(docFile), { recursive: true });
  const tmp = `${docFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, lines.join('\n'));
  fs.renameSync(tmp, docFile);
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const index = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
  );
  return sorted[index];
}
