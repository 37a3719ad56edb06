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

import type { MaturityProblem } from '@mlops-maturity/plugin-mlops-maturity-common';
import type { LoadError } from '../load';
import { AssessedComponent, relativePath } from './common';

// GitHub Actions workflow commands
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions):
// each line `::error file=F,line=L,title=T::message` becomes an annotation
// on the pull request's diff. Values are escaped as the Actions toolkit does:
// the message escapes %, CR and LF; properties also escape : and ,.

/** Escapes the message of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (file, title) of a workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Command = 'error' | 'warning' | 'notice';

function command(
  kind: Command,
  props: { file: string; line?: number; title: string },
  message: string,
): string {
  const parts = [`file=${escapeProperty(props.file)}`];
  if (props.line) parts.push(`line=${props.line}`);
  parts.push(`title=${escapeProperty(props.title)}`);
  return `::${kind} ${parts.join(',')}::${escapeData(message)}\n`;
}

/** Options of {@link formatGithub}: the gates of the run decide what is an error. */
export interface GithubFormatOptions {
  cwd: string;
  failBelowTarget: boolean;
  minLevel?: number;
  loadErrors: LoadError[];
}

function problemLine(c: AssessedComponent, p: MaturityProblem): number {
  return c.source.annotationLines.get(p.annotation) ?? c.source.line;
}

/**
 * One workflow command per problem, at the annotation's line; one per
 * component below its target (an error when `--fail-below-target` gates the
 * run, a notice otherwise) and per component below `--min-level`, at the
 * entity's line; one per file that could not be read.
 */
export function formatGithub(
  components: AssessedComponent[],
  options: GithubFormatOptions,
): string {
  const { cwd } = options;
  let out = '';
  for (const err of options.loadErrors) {
    out += command(
      'error',
      {
        file: relativePath(err.file, cwd),
        line: err.line,
        title: 'mlops-maturity: unreadable file',
      },
      err.message,
    );
  }
  for (const c of components) {
    const a = c.assessment;
    const file = relativePath(c.source.file, cwd);
    for (const p of a.problems) {
      out += command(
        p.severity,
        {
          file,
          line: problemLine(c, p),
          title: `mlops-maturity: ${p.annotation}`,
        },
        `${a.entityRef}: ${p.message}`,
      );
    }
    if (a.level < a.targetLevel) {
      const failing = a.recommendations
        .flatMap(r => r.checks.map(ch => ch.id))
        .join(', ');
      out += command(
        options.failBelowTarget ? 'error' : 'notice',
        {
          file,
          line: c.source.line,
          title: `mlops-maturity: ${a.entityRef} below target`,
        },
        `${a.entityRef} is at level ${a.level} ${
          a.levelName
        }, below its target ${a.targetLevel}.${
          failing ? ` Failing checks on the way: ${failing}.` : ''
        } Run \`mlops-maturity explain <check-id>\` for what each check needs.`,
      );
    }
    if (options.minLevel !== undefined && a.level < options.minLevel) {
      out += command(
        'error',
        {
          file,
          line: c.source.line,
          title: `mlops-maturity: ${a.entityRef} below level ${options.minLevel}`,
        },
        `${a.entityRef} is at level ${a.level} ${a.levelName}; this run requires at least level ${options.minLevel}.`,
      );
    }
  }
  return out;
}
