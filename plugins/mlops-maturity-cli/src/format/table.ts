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
import { AssessedComponent, Palette, problemCounts, where } from './common';

/* Visible width, ignoring ANSI escapes, for column padding. */
function width(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[\d+m/g, '').length;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

/**
 * The terminal report: a summary table of every component, then, for each
 * component that is below its target or has problems, what fails and the
 * next step with its YAML.
 */
export function formatTable(
  components: AssessedComponent[],
  p: Palette,
  cwd: string,
): string {
  const out: string[] = [];
  if (components.length === 0) {
    return 'No ML components found. An entity is an ML component when its spec.type is ml-model, ml-service or ml-pipeline, or when it has an mlops/ annotation.\n';
  }
  const header = [
    'ENTITY',
    'LEVEL',
    'TARGET',
    'CLAIMED',
    'FAILING',
    'PROBLEMS',
  ];
  const rows = components.map(({ assessment: a }) => {
    const below = a.level < a.targetLevel;
    const levelText = `${a.level} ${a.levelName}`;
    return [
      a.entityRef,
      below ? p.red(levelText) : p.green(levelText),
      String(a.targetLevel),
      a.claimedLevel === null ? '-' : String(a.claimedLevel),
      String(a.checks.filter(c => !c.passed).length),
      a.problems.length ? p.yellow(problemCounts(a)) : '-',
    ];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => width(r[i]))),
  );
  out.push(
    p.bold(
      header
        .map((h, i) => pad(h, widths[i]))
        .join('  ')
        .trimEnd(),
    ),
  );
  for (const r of rows) {
    out.push(
      r
        .map((cell, i) => pad(cell, widths[i]))
        .join('  ')
        .trimEnd(),
    );
  }
  const below = components.filter(
    c => c.assessment.level < c.assessment.targetLevel,
  ).length;
  out.push('');
  out.push(
    `${components.length} ML component${
      components.length === 1 ? '' : 's'
    }; ${below} below target. ${p.dim(LEVEL_RULE)}`,
  );

  for (const c of components) {
    const a = c.assessment;
    const failing = a.checks.filter(ch => !ch.passed);
    const waived = a.checks.filter(ch => ch.waived);
    if (
      a.level >= a.targetLevel &&
      a.problems.length === 0 &&
      waived.length === 0
    )
      continue;
    out.push('');
    const status =
      a.level < a.targetLevel
        ? p.red(`below target ${a.targetLevel}`)
        : p.green(`at or above target ${a.targetLevel}`);
    out.push(`${p.bold(a.entityRef)} ${p.dim(`(${where(c, cwd)})`)}`);
    out.push(`  level ${a.level} ${a.levelName}, ${status}`);
    if (a.claimedLevel !== null && a.claimedLevel !== a.level) {
      out.push(
        `  ${p.yellow(`claims ${a.claimedLevel} — evidence says ${a.level}`)}`,
      );
    }
    for (const prob of a.problems) {
      const tag =
        prob.severity === 'error' ? p.red('error  ') : p.yellow('warning');
      const line = c.source.annotationLines.get(prob.annotation);
      out.push(
        `  ${tag} ${prob.message}${line ? p.dim(` (line ${line})`) : ''}`,
      );
    }
    for (const ch of waived) {
      out.push(
        `  ${p.cyan('waived ')} ${ch.id} (level ${ch.level}) until ${
          ch.waiver!.until
        }: ${ch.waiver!.reason}`,
      );
    }
    // Checks above the target are noise for this report; count them only.
    const upTo = Math.max(a.targetLevel, a.level + 1);
    for (const ch of failing.filter(f => f.level <= upTo)) {
      out.push(`  ${p.red('✗')} ${ch.id} (level ${ch.level}): ${ch.message}`);
    }
    const above = failing.filter(f => f.level > upTo).length;
    if (above > 0) {
      out.push(
        p.dim(
          `  (${above} more failing check${
            above === 1 ? '' : 's'
          } above level ${upTo})`,
        ),
      );
    }
    const next = a.recommendations[0];
    if (next && a.level < a.targetLevel) {
      out.push(
        `  next: level ${next.level} ${next.levelName}: ${next.actions} (${
          next.effort
        }; ${next.tools.join(', ')})`,
      );
      if (next.yaml) {
        out.push(p.dim('  add to catalog-info.yaml:'));
        for (const l of next.yaml.split('\n')) out.push(`    ${p.cyan(l)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
