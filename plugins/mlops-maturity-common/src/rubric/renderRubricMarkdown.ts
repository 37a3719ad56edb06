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

import { MaturityRubric } from '../types';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function valueRule(a: MaturityRubric['annotations'][number]): string {
  switch (a.kind) {
    case 'enum':
      return `one of ${a.values!.map(v => `\`${v}\``).join(', ')}`;
    case 'list':
      return a.values
        ? `comma-separated list of ${a.values.map(v => `\`${v}\``).join(', ')}`
        : 'comma-separated list';
    case 'boolean':
      return '`true` or `false`';
    case 'percent':
      return `number from ${a.min} to ${a.max}, trailing \`%\` allowed`;
    case 'level':
      return 'whole number, a level';
    default:
      return 'text (URL or name)';
  }
}

/**
 * Renders a rubric as Markdown: the levels, the checks of each level with
 * their evidence, the annotations, and the climb table. The README's
 * annotation reference is this output, and a test keeps the two equal.
 *
 * @public
 */
export function renderRubricMarkdown(rubric: MaturityRubric): string {
  const out: string[] = [];
  out.push('| Level | Name | What it looks like |', '| --- | --- | --- |');
  for (const l of rubric.levels) {
    out.push(`| ${l.level} | ${l.name} | ${cell(l.description)} |`);
  }
  out.push(
    '',
    '| Check id | Level | Statement | Passes when |',
    '| --- | --- | --- | --- |',
  );
  const checks = [...rubric.checks].sort((a, b) => a.level - b.level);
  for (const c of checks) {
    out.push(
      `| \`${c.id}\` | ${c.level} | ${cell(c.statement)} | ${cell(
        c.evidence,
      )} |`,
    );
  }
  out.push(
    '',
    '| Annotation | Value | Meaning | Example |',
    '| --- | --- | --- | --- |',
  );
  for (const a of rubric.annotations) {
    out.push(
      `| \`${a.key}\` | ${valueRule(a)} | ${cell(a.description)} | \`${cell(
        a.example,
      )}\` |`,
    );
  }
  out.push(
    `| \`${rubric.annotationPrefix}waiver.<check-id>\` | \`<reason>; until YYYY-MM-DD\` | Counts the check as passed until the date (inclusive). | \`CPU-only model; until 2027-06-30\` |`,
  );
  out.push(
    '',
    '| From → to | What to do | Effort | Tools |',
    '| --- | --- | --- | --- |',
  );
  for (const l of rubric.levels) {
    if (!l.climb) continue;
    out.push(
      `| ${l.level - 1} → ${l.level} | ${cell(l.climb.actions)} | ${
        l.climb.effort
      } | ${l.climb.tools.join(', ')} |`,
    );
  }
  return `${out.join('\n')}\n`;
}
