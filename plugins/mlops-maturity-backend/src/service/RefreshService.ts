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

import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  MaturityRubric,
  completeScore,
  ownerFactsOf,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { MaturityStore } from '../database/MaturityStore';
import { CatalogFleetReader } from './CatalogFleetReader';
import { snapshotEntryOf } from './snapshotEntry';

export { toSnapshotEntry } from './snapshotEntry';

/**
 * The outcome of one assessment of the whole catalog.
 *
 * @public
 */
export interface RefreshResult {
  status: 'succeeded' | 'failed';
  startedAt: Date;
  finishedAt: Date;
  entityCount?: number;
  changes?: number;
  error?: string;
}

/**
 * Assesses every ML component of the catalog and replaces the snapshot.
 * When the catalog cannot be read, the last snapshot stays and the run is
 * recorded as failed.
 *
 * @public
 */
export class RefreshService {
  private running?: Promise<RefreshResult>;

  constructor(
    private readonly options: {
      reader: CatalogFleetReader;
      store: MaturityStore;
      auth: AuthService;
      logger: LoggerService;
      rubric: MaturityRubric;
    },
  ) {}

  /**
   * Runs a refresh. A call made while one is running waits for it and then
   * runs a fresh one, so the result always reflects the catalog as of the call.
   */
  async refresh(): Promise<RefreshResult> {
    while (this.running) {
      await this.running.catch(() => undefined);
    }
    const run = this.run();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private async run(): Promise<RefreshResult> {
    const { reader, store, auth, logger, rubric } = this.options;
    const startedAt = new Date();
    const runId = await store.startRun(startedAt);
    let writing = false;
    try {
      const credentials = await auth.getOwnServiceCredentials();
      // Waivers are compared with the day the read starts.
      const fleet = await reader.readFleet(credentials, startedAt);
      const assessedAt = new Date();
      const readSeconds = (assessedAt.getTime() - startedAt.getTime()) / 1000;
      // Finished one store batch at a time: the complete scores of the
      // whole fleet are never held at once. The snapshot needs the score
      // only; messages and recommendations are built when someone looks.
      const { members, context, systemDomains } = fleet;
      const entityCount = members.length;
      const ownerFacts = ownerFactsOf(
        members.map(m => m.partial.owner),
        context,
      );
      const entries = function* finishAll() {
        for (const { columns, partial } of members) {
          yield snapshotEntryOf(
            columns,
            completeScore(partial, { rubric, context }),
            systemDomains,
          );
        }
      };
      writing = true;
      const { changes } = await store.writeSnapshot({
        entries: entries(),
        assessedAt,
        checkIds: rubric.checks.map(c => c.id),
        ownerFacts,
      });
      const finishedAt = new Date();
      await store.finishRun(runId, {
        finishedAt,
        status: 'succeeded',
        entityCount,
      });
      logger.info(
        `Assessed ${entityCount} ML components, ${changes} change(s), in ${
          (finishedAt.getTime() - startedAt.getTime()) / 1000
        } s (catalog read ${readSeconds} s)`,
      );
      return {
        status: 'succeeded',
        startedAt,
        finishedAt,
        entityCount,
        changes,
      };
    } catch (error) {
      const detail = (error as Error)?.message ?? String(error);
      // What callers see (lastError, the 503 of POST /refresh): why the
      // catalog could not be read, but never a database error, whose text
      // holds SQL.
      const message = writing
        ? 'The assessment could not be stored; the backend log has the details'
        : detail;
      logger.error(
        `MLOps maturity refresh failed; keeping the last snapshot: ${detail}`,
      );
      const finishedAt = new Date();
      try {
        await store.finishRun(runId, {
          finishedAt,
          status: 'failed',
          error: message,
        });
      } catch (recordError) {
        // The database itself is down: the run stays recorded as running.
        logger.error(
          `Could not record the failed MLOps maturity refresh: ${
            (recordError as Error)?.message ?? recordError
          }`,
        );
      }
      return { status: 'failed', startedAt, finishedAt, error: message };
    }
  }
}
