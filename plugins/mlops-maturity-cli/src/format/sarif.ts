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

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  MaturityProblem,
  MaturityRubric,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import type { LoadError } from '../load';
import { AssessedComponent, relativePath } from './common';
import { checkExample } from '../explain';

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the format
// code-scanning tools read: one run, whose rules are the rubric's checks and
// the kinds of annotation problem, and whose results point at file and line.

/** The kinds of annotation problem, as SARIF rules. */
export const PROBLEM_RULES = {
  'annotation/unknown': 'An mlops/ annotation that is not in the vocabulary.',
  'annotation/invalid-value':
    'An annotation value outside what the key allows.',
  'annotation/not-a-string':
    'An annotation value that YAML reads as a number, boolean, list or mapping.',
  'waiver/unknown-check': 'A waiver for a check id that does not exist.',
  'waiver/invalid':
    'A waiver without a reason or an "until" date, or with a date that is not a calendar date.',
  'waiver/expired': 'A waiver whose "until" date has passed.',
  'file/unreadable': 'A file that cannot be read or parsed.',
} as const;

type ProblemRule = keyof typeof PROBLEM_RULES;

/** Which kind of problem this is, from the key and the value it is about. */
export function problemRule(
  p: MaturityProblem,
  annotations: Record<string, unknown>,
  rubric: MaturityRubric,
): ProblemRule {
  const waiverPrefix = `${rubric.annotationPrefix}waiver.`;
  if (typeof annotations[p.annotation] !== 'string') {
    return 'annotation/not-a-string';
  }
  if (p.annotation.startsWith(waiverPrefix)) {
    const id = p.annotation.slice(waiverPrefix.length);
    if (!rubric.checks.some(c => c.id === id)) return 'waiver/unknown-check';
    return p.severity === 'warning' ? 'waiver/expired' : 'waiver/invalid';
  }
  if (!rubric.annotations.some(a => a.key === p.annotation)) {
    return 'annotation/unknown';
  }
  return 'annotation/invalid-value';
}

/** Options of {@link formatSarif}. */
export interface SarifFormatOptions {
  cwd: string;
  rubric: MaturityRubric;
  loadErrors: LoadError[];
}

/** A relative path as a relative URI; a path outside the working folder as a file: URI. */
function uriOf(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(path.sep).map(encodeURIComponent).join('/');
}

function location(file: string, line: number | undefined) {
  return {
    physicalLocation: {
      artifactLocation: { uri: uriOf(file) },
      ...(line ? { region: { startLine: line } } : {}),
    },
  };
}

/**
 * The run as a SARIF 2.1.0 log: a result per annotation problem (at the
 * annotation's line), per check on a component's way up to its target (at
 * the entity's line; `warning` when the component is below target, `note`
 * otherwise), and per file that could not be read.
 */
export function formatSarif(
  components: AssessedComponent[],
  options: SarifFormatOptions,
): string {
  const { cwd, rubric } = options;
  const levelName = (n: number) => rubric.levels[n]?.name ?? String(n);
  const rules = [
    ...rubric.checks.map(check => ({
      id: check.id,
      name: check.id,
      shortDescription: { text: check.statement },
      fullDescription: {
        text: `Level ${check.level} ${levelName(check.level)}: ${
          check.statement
        } Passes when ${check.evidence.replace(/`/g, '')}.`,
      },
      help: {
        text: `Add to catalog-info.yaml:\n${checkExample(check.id, rubric)}`,
      },
      defaultConfiguration: { level: 'warning' },
      properties: { level: check.level, tags: ['mlops-maturity', 'check'] },
    })),
    ...Object.entries(PROBLEM_RULES).map(([id, text]) => ({
      id,
      name: id,
      shortDescription: { text },
      defaultConfiguration: {
        level:
          id === 'annotation/unknown' ||
          id === 'waiver/unknown-check' ||
          id === 'waiver/expired'
            ? 'warning'
            : 'error',
      },
      properties: { tags: ['mlops-maturity', 'problem'] },
    })),
  ];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const result = (
    ruleId: string,
    level: 'error' | 'warning' | 'note',
    text: string,
    file: string,
    line: number | undefined,
  ) => ({
    ruleId,
    ruleIndex: ruleIndex.get(ruleId),
    level,
    message: { text },
    locations: [location(file, line)],
  });

  const results: unknown[] = [];
  for (const err of options.loadErrors) {
    results.push(
      result(
        'file/unreadable',
        'error',
        err.message,
        relativePath(err.file, cwd),
        err.line,
      ),
    );
  }
  for (const c of components) {
    const a = c.assessment;
    const file = relativePath(c.source.file, cwd);
    const annotations = (c.source.entity.metadata.annotations ?? {}) as Record<
      string,
      unknown
    >;
    for (const p of a.problems) {
      results.push(
        result(
          problemRule(p, annotations, rubric),
          p.severity,
          `${a.entityRef}: ${p.message}`,
          file,
          c.source.annotationLines.get(p.annotation) ?? c.source.line,
        ),
      );
    }
    const below = a.level < a.targetLevel;
    for (const step of a.recommendations) {
      for (const ch of step.checks) {
        results.push(
          result(
            ch.id,
            below ? 'warning' : 'note',
            `${a.entityRef} (level ${a.level}, target ${a.targetLevel}) fails ${ch.id}, a level ${step.level} check: ${ch.message}`,
            file,
            c.source.line,
          ),
        );
      }
    }
  }

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mlops-maturity',
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
