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
import { isMap, isScalar, LineCounter, parseAllDocuments, YAMLMap } from 'yaml';
import type { MaturityEntity } from '@mlops-maturity/plugin-mlops-maturity-common';
import { readPlainYaml } from './plainYaml';

/** An entity read from a file, with where it stands in that file. */
export interface LoadedEntity {
  entity: MaturityEntity;
  file: string;
  /** 1-based line of the document's first line. */
  line: number;
  /** 1-based line of each annotation key, for pointing at problems. */
  annotationLines: Map<string, number>;
}

/** A file that could not be read or parsed; the run goes on without it. */
export interface LoadError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** A document that parsed but is not an entity; reported, then skipped. */
export interface LoadWarning {
  file: string;
  line: number;
  message: string;
}

export interface LoadResult {
  files: string[];
  entities: LoadedEntity[];
  errors: LoadError[];
  warnings: LoadWarning[];
}

const CATALOG_FILE = /^catalog-info.*\.ya?ml$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
/** Aliases a document may expand; more is refused as a likely "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;
/** Largest file read, so one huge file cannot exhaust memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

function walk(dir: string, out: string[], errors: LoadError[]) {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    errors.push({
      file: dir,
      message: `cannot read folder: ${(e as Error).message}`,
    });
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(full, out, errors);
    } else if (entry.isFile() && CATALOG_FILE.test(entry.name)) {
      out.push(full);
    }
  }
}

/** Expands the command line's paths: files as given, folders to every `catalog-info*.yaml` below them. */
export function expandPaths(paths: string[]): {
  files: string[];
  errors: LoadError[];
} {
  const files: string[] = [];
  const errors: LoadError[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      errors.push({ file: p, message: 'no such file or folder' });
      continue;
    }
    if (stat.isDirectory()) {
      const before = files.length;
      walk(p, files, errors);
      if (files.length === before) {
        errors.push({
          file: p,
          message: 'folder holds no catalog-info*.yaml file',
        });
      }
    } else {
      files.push(p);
    }
  }
  return { files: [...new Set(files)], errors };
}

function annotationLines(
  doc: YAMLMap,
  counter: LineCounter,
  lineOffset = 0,
): Map<string, number> {
  const lines = new Map<string, number>();
  const metadata = doc.get('metadata', true);
  if (!isMap(metadata)) return lines;
  const annotations = metadata.get('annotations', true);
  if (!isMap(annotations)) return lines;
  for (const pair of annotations.items) {
    const key = isScalar(pair.key) ? pair.key : undefined;
    if (key && key.range) {
      lines.set(
        String(key.value),
        counter.linePos(key.range[0]).line + lineOffset,
      );
    }
  }
  return lines;
}

function looksLikeEntity(value: unknown): value is MaturityEntity {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const metadata = v.metadata as Record<string, unknown> | undefined;
  return (
    typeof v.kind === 'string' &&
    v.kind.trim() !== '' &&
    !!metadata &&
    typeof metadata === 'object' &&
    typeof metadata.name === 'string' &&
    metadata.name.trim() !== ''
  );
}

/** Parses one file's YAML documents into entities. */
export function loadFile(file: string, result: LoadResult) {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      result.errors.push({
        file,
        message: `file is ${size} bytes; the limit is ${MAX_FILE_BYTES}`,
      });
      return;
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    result.errors.push({
      file,
      message:
        err.code === 'EISDIR'
          ? 'is a folder'
          : `cannot read file: ${err.message}`,
    });
    return;
  }
  const quick = readQuickly(file, text);
  if (quick) {
    for (const doc of quick) {
      if ('error' in doc) result.errors.push(doc.error);
      else addDocument(result, file, doc.line, doc.value, doc.annotationLines);
    }
    return;
  }
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: counter,
    prettyErrors: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const pos = counter.linePos(err.pos[0]);
      result.errors.push({
        file,
        line: pos.line,
        column: pos.col,
        message: err.message.split('\n')[0],
      });
      // A document after a syntax error cannot be trusted to start where it seems.
      return;
    }
  }
  for (const doc of list) {
    const line = doc.contents?.range
      ? counter.linePos(doc.contents.range[0]).line
      : 1;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      result.errors.push(toJsError(file, line, e));
      continue;
    }
    addDocument(result, file, line, value, () =>
      isMap(doc.contents) ? annotationLines(doc.contents, counter) : new Map(),
    );
  }
}

type QuickDocument =
  | {
      line: number;
      value: unknown;
      annotationLines: () => Map<string, number>;
    }
  | { error: LoadError };

/**
 * Reads a file with the plain reader, which is many times faster than `yaml`
 * on the YAML catalog files are nearly always written in, and with `yaml`
 * only the documents it does not take. Returns undefined when the file must
 * be read whole by `yaml`: when the plain reader declines it, or when a
 * document has a syntax error, so that errors read exactly as before.
 */
function readQuickly(file: string, text: string): QuickDocument[] | undefined {
  const plain = readPlainYaml(text);
  if (!plain) return undefined;
  const out: QuickDocument[] = [];
  for (const doc of plain) {
    if (!('text' in doc)) {
      out.push({
        line: doc.line,
        value: doc.value,
        annotationLines: () => doc.annotationLines,
      });
      continue;
    }
    const counter = new LineCounter();
    const parsed = parseAllDocuments(doc.text, {
      lineCounter: counter,
      prettyErrors: false,
    });
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 1 ||
      parsed[0].errors.length > 0
    ) {
      return undefined;
    }
    const [one] = parsed;
    const line = one.contents?.range
      ? counter.linePos(one.contents.range[0]).line + doc.lineOffset
      : 1;
    try {
      out.push({
        line,
        value: one.toJS({ maxAliasCount: MAX_ALIAS_COUNT }),
        annotationLines: () =>
          isMap(one.contents)
            ? annotationLines(one.contents, counter, doc.lineOffset)
            : new Map(),
      });
    } catch (e) {
      out.push({ error: toJsError(file, line, e) });
    }
  }
  return out;
}

function toJsError(file: string, line: number, e: unknown): LoadError {
  const message = (e as Error).message;
  return {
    file,
    line,
    message: /alias/i.test(message)
      ? `refused: the document expands too many YAML aliases (more than ${MAX_ALIAS_COUNT}), as an alias bomb does`
      : message,
  };
}

/** Keeps a parsed document that is an entity; warns about one that is not. */
function addDocument(
  result: LoadResult,
  file: string,
  line: number,
  value: unknown,
  lines: () => Map<string, number>,
) {
  if (value === null || value === undefined) return;
  if (!looksLikeEntity(value)) {
    result.warnings.push({
      file,
      line,
      message:
        'document is not a Backstage entity (it needs kind and metadata.name); skipped',
    });
    return;
  }
  result.entities.push({
    entity: value,
    file,
    line,
    annotationLines: lines(),
  });
}

/** Reads every file and folder given; errors are collected, never thrown. */
export function loadPaths(paths: string[]): LoadResult {
  const { files, errors } = expandPaths(paths);
  const result: LoadResult = { files, entities: [], errors, warnings: [] };
  for (const file of files) loadFile(file, result);
  return result;
}

/** A glob of a Location target (`*`, `**`) as a regular expression on paths. */
function globPattern(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/?|\*)/)
    .map(part => {
      if (part === '**/' || part === '**') return '(?:.*/)?';
      if (part === '*') return '[^/]*';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** The files a Location target names: itself, or a glob's matches. */
function filesOf(target: string): string[] {
  if (!target.includes('*')) {
    return fs.statSync(target, { throwIfNoEntry: false })?.isFile()
      ? [target]
      : [];
  }
  const parts = target.split(path.sep);
  const base = parts
    .slice(
      0,
      parts.findIndex(p => p.includes('*')),
    )
    .join(path.sep);
  const pattern = globPattern(target.split(path.sep).join('/'));
  const found: string[] = [];
  const visit = (d: string, depth: number) => {
    // Bounded: a glob is a hint here, not a reason to walk a whole disk.
    if (depth > 8 || found.length > 1000) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) visit(p, depth + 1);
      } else if (pattern.test(p.split(path.sep).join('/'))) {
        found.push(p);
      }
    }
  };
  visit(base || path.sep, 0);
  return found;
}

/**
 * A warning for each Location among the entities whose file targets this
 * run did not read. The catalog follows a Location's targets; this command
 * reads only what it is given, and a user who points it at the root
 * `catalog-info.yaml` of a repository (often just a Location) would
 * otherwise see "No ML components found" and nothing about why.
 */
export function unreadLocationTargets(result: LoadResult): LoadWarning[] {
  const read = new Set(result.files);
  const warnings: LoadWarning[] = [];
  for (const { entity, file, line } of result.entities) {
    if (String(entity.kind).toLowerCase() !== 'location') continue;
    const spec = (entity.spec ?? {}) as { target?: unknown; targets?: unknown };
    const targets = [
      spec.target,
      ...(Array.isArray(spec.targets) ? spec.targets : []),
    ].filter(
      (t): t is string =>
        typeof t === 'string' && t.trim() !== '' && !/^[a-z][\w+.-]*:/i.test(t),
    );
    const dir = path.dirname(file);
    // Targets that exist and were not read (a missing one is the catalog's
    // error to report, and giving it here would only fail).
    const unread = targets.filter(target =>
      filesOf(path.resolve(dir, target.trim())).some(f => !read.has(f)),
    );
    if (unread.length === 0) continue;
    const shown = unread.slice(0, 3).join(', ');
    const more = unread.length > 3 ? ` and ${unread.length - 3} more` : '';
    warnings.push({
      file,
      line,
      message: `Location "${entity.metadata.name}" points at ${
        unread.length === 1 ? 'a target' : `${unread.length} targets`
      } this run did not read (${shown}${more}). The command reads only the files and folders it is given, not a Location's targets: give it the folder that holds them, or the files too.`,
    });
  }
  return warnings;
}
