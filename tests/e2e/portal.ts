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

// Starts the real dev portal exactly as the README does (`yarn start`) and
// stops it with its whole process group.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

export interface Portal {
  stop(): Promise<void>;
  log(): string;
  startupSeconds: number;
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  proc: ChildProcess,
  log: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      throw new Error(
        `the portal exited (${proc.exitCode}) before ${what}:\n${log().slice(
          -4000,
        )}`,
      );
    }
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}:\n${log().slice(-4000)}`);
}

/** How to start the portal, when not as `yarn start` with the README's defaults. */
export interface PortalOptions {
  /** A shell command run from the repository root instead of `yarn start`. */
  shell?: string;
  /** Variables added to the environment. */
  env?: Record<string, string>;
  /** Whether to wait for the frontend too (default true). */
  frontend?: boolean;
  /** The name of the log file in tests/e2e/output (default portal.log). */
  logName?: string;
}

/** Whether anything answers HTTP on the URL. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** Starts `yarn start` and resolves once the frontend and the backend answer. */
export async function startPortal(
  options: PortalOptions = {},
): Promise<Portal> {
  // A portal left running (by hand, or by a test file before this one)
  // would answer in place of this one.
  for (
    let waited = 0;
    (await answers(BACKEND_URL)) || (await answers(APP_URL));
    waited++
  ) {
    if (waited === 30) {
      throw new Error(
        `${BACKEND_URL} or ${APP_URL} already answers: stop the portal running there first`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  const started = Date.now();
  const outDir = path.join(ROOT, 'tests/e2e/output');
  fs.mkdirSync(outDir, { recursive: true });
  let output = '';
  const [command, args] = options.shell
    ? ['bash', ['-c', options.shell]]
    : ['yarn', ['start']];
  const proc = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      BROWSER: 'none',
      FORCE_COLOR: '0',
      NODE_ENV: 'development',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (d: Buffer) => {
    output += d.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const log = () => output;

  await waitFor(
    'the backend',
    async () =>
      (
        await fetch(`${BACKEND_URL}/.backstage/health/v1/readiness`)
      ).ok,
    240_000,
    proc,
    log,
  );
  if (options.frontend !== false) {
    await waitFor(
      'the frontend',
      async () => (await fetch(APP_URL)).ok,
      300_000,
      proc,
      log,
    );
  }
  const startupSeconds = (Date.now() - started) / 1000;

  return {
    startupSeconds,
    log,
    async stop() {
      fs.writeFileSync(
        path.join(outDir, options.logName ?? 'portal.log'),
        output,
      );
      if (proc.exitCode !== null) return;
      try {
        process.kill(-proc.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const deadline = Date.now() + 15_000;
      while (proc.exitCode === null && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 200));
      }
      try {
        // Whatever of the group outlived the shell (the backend's node).
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
