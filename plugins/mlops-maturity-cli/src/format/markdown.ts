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

import { LEVEL_RULE } from '@mlops-maturity/plugin-mlops-maturity-common';
import { AssessedComponent, problemCounts, where } from './common';

// Names, paths and values come from the files assessed, which in a pull
// request anyone may write: they are escaped so that they show as written and
// cannot break the table, close the <details> or add HTML to the comment.

/** Text in a markdown paragraph, list item or table cell. */
function cell(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

/** Text inside an HTML element. */
function html(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** The longest run of backticks in s. */
function longestBacktickRun(s: string): number {
  return Math.max(0, ...(s.match(/`+/g) ?? []).map(run => run.length));
}

/** A code span that holds s whatever backticks it contains. */
function code(s: string, inTable = false): string {
  const flat = s.replace(/\r?\n/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  const span = `${fence}${pad}${flat}${pad}${fence}`;
  // GitHub splits table cells at | even inside code spans.
  return inTable ? span.replace(/\|/g, '\\|') : span;
}

/** A report for a pull-request comment: a summary table and collapsible details. */
export function formatMarkdown(
  components: AssessedComponent[],
  cwd: string,
): string {
  const out: string[] = ['## MLOps maturity', ''];
  if (components.length === 0) {
    out.push('No ML components found.');
    return `${out.join('\n')}\n`;
  }
  const below = components.filter(
    c => c.assessment.level < c.assessment.targetLevel,
  );
  out.push(
    `${components.length} ML component${components.length === 1 ? '' : 's'}, ${
      below.length
    } below target. ${LEVEL_RULE}`,
    '',
    '| Entity | Level | Target | Claimed | Failing checks | Problems |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const { assessment: a } of components) {
    const mark = a.level < a.targetLevel ? '🔴' : '🟢';
    out.push(
      `| ${code(a.entityRef, true)} | ${mark} ${a.level} ${a.levelName} | ${
        a.targetLevel
      } | ${a.claimedLevel ?? '–'} | ${
        a.checks.filter(c => !c.passed).length
      } | ${problemCounts(a)} |`,
    );
  }
  for (const c of components) {
    const a = c.assessment;
    const failing = a.checks.filter(ch => !ch.passed);
    if (failing.length === 0 && a.problems.length === 0) continue;
    out.push(
      '',
      `<details><summary><code>${html(a.entityRef)}</code> — level ${a.level} ${
        a.levelName
      }, target ${a.targetLevel}</summary>`,
      '',
    );
    out.push(`Source: ${code(where(c, cwd))}`, '');
    if (a.claimedLevel !== null && a.claimedLevel !== a.level) {
      out.push(`Claims ${a.claimedLevel} — evidence says ${a.level}.`, '');
    }
    if (a.problems.length) {
      out.push('**Problems**', '');
      for (const prob of a.problems) {
        out.push(
          `- ${prob.severity === 'error' ? '❌' : '⚠️'} ${code(
            prob.annotation,
          )}: ${cell(prob.message)}`,
        );
      }
      out.push('');
    }
    if (failing.length) {
      out.push('**Failing checks**', '');
      for (const ch of failing)
        out.push(`- \`${ch.id}\` (level ${ch.level}): ${cell(ch.message)}`);
      out.push('');
    }
    for (const rec of a.recommendations) {
      if (rec.level > Math.max(a.targetLevel, a.level + 1)) break;
      out.push(
        `**To reach level ${rec.level} ${rec.levelName}** — ${
          rec.actions
        } (effort: ${rec.effort}; tools: ${rec.tools.join(', ')})`,
        '',
      );
      if (rec.yaml) {
        const fence = '`'.repeat(Math.max(3, longestBacktickRun(rec.yaml) + 1));
        out.push(`${fence}yaml`, rec.yaml, fence, '');
      }
    }
    out.push('</details>');
  }
  return `${out.join('\n')}\n`;
}
