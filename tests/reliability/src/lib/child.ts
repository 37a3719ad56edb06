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

import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** What a child backend runs (read by childBackendMain.ts). */
export interface ChildSettings {
  port: number;
  role: 'all' | 'catalog' | 'mlops';
  database: { client: string; connection: string; prefix?: string };
  token: string;
  entitiesFile?: string;
  catalogUrl?: string;
  mlopsUrl?: string;
  badgesPublic?: boolean;
  schedule?: object;
}

/** The static access token every child backend accepts. */
export const TOKEN = 'reliability-static-token-0123456789abcdef';
export const API = '/api/mlops-maturity';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface HttpResult {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One HTTP request to 127.0.0.1; network errors reject. */
export function httpRequest(
  url: string,
  options: {
    method?: string;
    token?: string | null;
    agent?: http.Agent;
    timeoutMs?: number;
  } = {},
): Promise<HttpResult> {
  const { method = 'GET', token = TOKEN, agent, timeoutMs = 30_000 } = options;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        timeout: timeoutMs,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/** Polls `check` until it returns a value other than undefined. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 120_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}${lastError ? `: ${lastError}` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

/** A backend running in a child process. */
export class ChildBackend {
  private exited: Promise<number | null>;
  readonly url: string;

  private constructor(
    readonly settings: ChildSettings,
    readonly process: ChildProcess,
    readonly logFile: string,
  ) {
    this.url = `http://127.0.0.1:${settings.port}`;
    this.exited = new Promise(resolve =>
      process.once('exit', code => resolve(code)),
    );
  }

  /** Starts a child backend and waits until it answers. */
  static async start(
    settings: Omit<ChildSettings, 'port' | 'token'> & { port?: number },
  ): Promise<ChildBackend> {
    const full: ChildSettings = {
      ...settings,
      port: settings.port ?? (await freePort()),
      token: TOKEN,
    };
    const logFile = path.join(
      os.tmpdir(),
      `mm-reliability-${full.role}-${full.port}-${Date.now()}.log`,
    );
    const log = fs.openSync(logFile, 'a');
    const child = spawn(
      process.execPath,
      // --expose-gc: the load test measures memory after a full collection.
      ['--expose-gc', path.join(__dirname, 'childBackend.js')],
      {
        cwd: path.resolve(__dirname, '../..'),
        env: {
          ...process.env,
          NODE_ENV: 'production',
          LOG_LEVEL: process.env.MM_RELIABILITY_LOG_LEVEL ?? 'warn',
          MM_CHILD: JSON.stringify(full),
        },
        stdio: ['ignore', log, log],
      },
    );
    fs.closeSync(log);
    const backend = new ChildBackend(full, child, logFile);
    const path_ =
      full.role === 'catalog'
        ? '/api/catalog/entities?limit=1'
        : `${API}/health`;
    await waitFor(`the ${full.role} backend on port ${full.port}`, async () => {
      if (child.exitCode !== null) {
        throw new Error(
          `child exited with ${child.exitCode}; log: ${backend
            .log()
            .slice(-3000)}`,
        );
      }
      const res = await httpRequest(`${backend.url}${path_}`);
      return res.status === 200 ? true : undefined;
    });
    return backend;
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Resident set size of the child, in bytes (Linux). */
  rss(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb * 1024;
  }

  /**
   * RSS after the child has run a full garbage collection (SIGUSR2 asks for
   * one), so that memory comparisons see what is retained, not garbage
   * that happens not to have been collected yet.
   */
  async rssAfterGc(): Promise<number> {
    this.process.kill('SIGUSR2');
    await new Promise(r => setTimeout(r, 1500));
    return this.rss();
  }

  log(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  get(pathname: string, token: string | null = TOKEN) {
    return httpRequest(`${this.url}${pathname}`, { token });
  }

  async json(pathname: string): Promise<any> {
    const res = await this.get(pathname);
    if (res.status !== 200) {
      throw new Error(
        `GET ${pathname}: ${res.status} ${res.body.slice(0, 500)}`,
      );
    }
    return JSON.parse(res.body);
  }

  post(pathname: string) {
    return httpRequest(`${this.url}${pathname}`, {
      method: 'POST',
      timeoutMs: 300_000,
    });
  }

  /** SIGKILL, as an OOM killer or a node failure would. */
  async kill(): Promise<void> {
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Writes the entities that the child catalogs serve, atomically. */
export function writeEntities(file: string, entities: unknown[]) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(entities));
  fs.renameSync(tmp, file);
}

/** Whether the full (long) durations were asked for. */
export const FULL = process.env.MM_RELIABILITY_FULL === '1';
