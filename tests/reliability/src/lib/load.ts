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

import http from 'node:http';
import { httpRequest } from './child';
import { percentile } from './report';

export interface LoadResult {
  requests: number;
  errors: number;
  errorSamples: string[];
  p50: number;
  p99: number;
  max: number;
  byStatus: Record<string, number>;
}

/**
 * `concurrency` loops that each send one request after the other to the
 * given paths (round robin) until `durationMs` has passed.
 */
export async function runLoad(options: {
  base: string;
  paths: string[];
  concurrency: number;
  durationMs: number;
}): Promise<LoadResult> {
  const { base, paths, concurrency, durationMs } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const deadline = Date.now() + durationMs;
  const worker = async () => {
    while (Date.now() < deadline) {
      const path = paths[next++ % paths.length];
      const started = performance.now();
      try {
        const res = await httpRequest(`${base}${path}`, {
          agent,
          timeoutMs: 60_000,
        });
        latencies.push(performance.now() - started);
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        if (res.status !== 200) {
          errors++;
          if (errorSamples.length < 5) {
            errorSamples.push(
              `${path} → ${res.status} ${res.body.slice(0, 300)}`,
            );
          }
        }
      } catch (error) {
        errors++;
        byStatus.network = (byStatus.network ?? 0) + 1;
        if (errorSamples.length < 5) errorSamples.push(`${path} → ${error}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return {
    requests: latencies.length + (byStatus.network ?? 0),
    errors,
    errorSamples,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.reduce((a, b) => Math.max(a, b), 0),
    byStatus,
  };
}
