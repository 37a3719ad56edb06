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

// Runs the real `mlops-maturity` binary in a child process, as CI and people
// do.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The command line's bin script. */
export const BIN = path.resolve(__dirname, '../../bin/mlops-maturity');

/** What one run of the command line gave. */
export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the command line in `cwd`, with the test's environment minus what
 * yarn adds, plus `env` (`undefined` removes a variable).
 */
export function run(
  args: string[],
  options: {
    cwd: string;
    env?: Record<string, string | undefined>;
    nodeArgs?: string[];
  },
): Run {
  // The test runner is itself started by yarn, which leaves INIT_CWD and
  // npm_package_json behind; a command started by hand has neither.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.INIT_CWD;
  delete env.npm_package_json;
  delete env.NO_COLOR;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [...(options.nodeArgs ?? []), BIN, ...args],
    {
      cwd: options.cwd,
      env,
      encoding: 'utf8',
      timeout: 20_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.error) throw result.error;
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    ms: Date.now() - started,
  };
}
