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
import { LineCounter, parseDocument } from 'yaml';
import { ConfigReader } from '@backstage/config';
import {
  MaturityRubric,
  RubricValidationError,
  rubricFromConfig,
} from '@mlops-maturity/plugin-mlops-maturity-common';

/** A --config file that cannot be used; the run stops (exit 2). */
export class ConfigFileError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Largest config or included file read. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A file's text; `name` is how messages call it. */
function readText(file: string, name: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const reason: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
    };
    throw new ConfigFileError(
      `${name} cannot be read: ${
        reason[code] ?? (code || (e as Error).message)
      }`,
    );
  }
  if (!stat.isFile()) throw new ConfigFileError(`${name} is not a file`);
  if (stat.size > MAX_FILE_BYTES) {
    throw new ConfigFileError(
      `${name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`,
    );
  }
  return fs.readFileSync(file, 'utf8');
}

function parseYaml(file: string, name: string): Json {
  const counter = new LineCounter();
  const doc = parseDocument(readText(file, name), {
    lineCounter: counter,
    prettyErrors: false,
  });
  const error = doc.errors[0];
  if (error) {
    const { line, col } = counter.linePos(error.pos[0]);
    throw new ConfigFileError(
      `${name}:${line}:${col}: ${error.message.split('\n')[0]}`,
    );
  }
  try {
    return (doc.toJS({ maxAliasCount: 100 }) ?? null) as Json;
  } catch (e) {
    throw new ConfigFileError(`${name}: ${(e as Error).message}`);
  }
}

/**
 * Resolves what Backstage's config loader resolves in a value: `$include`
 * (a YAML or JSON file), `$file` (a file's text) and `$env` (a variable),
 * relative to the file that holds them, and `${VAR}` in strings (`$${`
 * for a literal `${`). A string naming a variable that is not set is left
 * out, as Backstage does.
 */
function resolve(
  value: Json,
  key: string,
  dir: string,
  env: Record<string, string | undefined>,
  depth: number,
): Json | undefined {
  if (depth > 20) {
    throw new ConfigFileError(`${key}: $include nested more than 20 deep`);
  }
  if (typeof value === 'string') {
    let missing = false;
    const out = value.replace(/\$?\$\{([^{}]*)\}/g, (whole, name: string) => {
      if (whole.startsWith('$$')) return whole.slice(1);
      const v = env[name.trim()];
      if (v === undefined) missing = true;
      return v?.trim() ?? '';
    });
    return missing ? undefined : out;
  }
  if (Array.isArray(value)) {
    return value
      .map((v, i) => resolve(v, `${key}[${i}]`, dir, env, depth))
      .filter((v): v is Json => v !== undefined);
  }
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const special = keys.find(k => k.startsWith('$'));
  if (special) {
    if (keys.length !== 1) {
      throw new ConfigFileError(
        `${key}: ${special} must be the only key of its object`,
      );
    }
    const arg = value[special];
    if (typeof arg !== 'string') {
      throw new ConfigFileError(`${key}.${special}: expected a string`);
    }
    switch (special) {
      case '$env':
        return env[arg];
      case '$file':
        return readText(path.resolve(dir, arg), `${key}.$file ${arg}`);
      case '$include': {
        const file = path.resolve(dir, arg);
        return resolve(
          parseYaml(file, `${key}.$include ${arg}`),
          key,
          path.dirname(file),
          env,
          depth + 1,
        );
      }
      default:
        throw new ConfigFileError(
          `${key}: ${special} is not supported here; allowed: $include, $file, $env`,
        );
    }
  }
  // fromEntries makes each key an own property, `__proto__` included.
  return Object.fromEntries(
    keys
      .map(k => [k, resolve(value[k], `${key}.${k}`, dir, env, depth)] as const)
      .filter(([, v]) => v !== undefined),
  ) as { [k: string]: Json };
}

/**
 * The rubric that Backstage app-config files put in force, read as the
 * backend and the catalog module read it (`mlopsMaturity.rubric` and
 * `mlopsMaturity.mlTypes`; a later file overrides an earlier one). Only the
 * `mlopsMaturity` key of each file is read, so the rest of an app config
 * (its secrets, its `${...}` of variables that CI does not have) does not
 * matter.
 */
export function rubricFromConfigFiles(
  files: string[],
  cwd: string,
  env: Record<string, string | undefined>,
): MaturityRubric {
  const withRubric: string[] = [];
  const configs = files.map(given => {
    const file = path.resolve(cwd, given);
    const data = parseYaml(file, `--config ${given}`);
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
      throw new ConfigFileError(
        `--config ${given}: expected a YAML mapping (an app-config file)`,
      );
    }
    const section = data?.mlopsMaturity;
    let resolved: Json | undefined;
    try {
      resolved =
        section === undefined
          ? undefined
          : resolve(section, 'mlopsMaturity', path.dirname(file), env, 0);
    } catch (e) {
      if (!(e instanceof ConfigFileError)) throw e;
      throw new ConfigFileError(`--config ${given}: ${e.message}`);
    }
    if (
      resolved &&
      typeof resolved === 'object' &&
      !Array.isArray(resolved) &&
      resolved.rubric !== undefined
    ) {
      withRubric.push(given);
    }
    return {
      data: resolved === undefined ? {} : { mlopsMaturity: resolved },
      context: given,
    };
  });
  try {
    return rubricFromConfig(ConfigReader.fromConfigs(configs));
  } catch (e) {
    if (e instanceof RubricValidationError) {
      throw new ConfigFileError(
        `--config ${withRubric.join(', ')}: ${e.message}`,
      );
    }
    // ConfigReader's own messages name the key and the file.
    throw new ConfigFileError((e as Error).message);
  }
}
