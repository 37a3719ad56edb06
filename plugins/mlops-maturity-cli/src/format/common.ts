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

import type { MaturityAssessment } from '@mlops-maturity/plugin-mlops-maturity-common';
import type { LoadedEntity } from '../load';

/** One assessed component and where it came from. */
export interface AssessedComponent {
  source: LoadedEntity;
  assessment: MaturityAssessment;
}

/** ANSI styles; every function is the identity when colour is off. */
export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) =>
  `\u001b[${open}m${s}\u001b[${close}m`;

/** The palette for a stream: colours only on a terminal, and never with NO_COLOR set. */
export function paletteFor(enabled: boolean): Palette {
  if (!enabled) {
    const id = (s: string) => s;
    return { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id };
  }
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** A file's path relative to the working folder, when it lies below it. */
export function relativePath(file: string, cwd: string): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

/** The file and line an entity was read from, relative to the working folder. */
export function where(c: AssessedComponent, cwd: string): string {
  return `${relativePath(c.source.file, cwd)}:${c.source.line}`;
}

export function problemCounts(a: MaturityAssessment): string {
  const errors = a.problems.filter(p => p.severity === 'error').length;
  const warnings = a.problems.length - errors;
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ') || '-';
}
