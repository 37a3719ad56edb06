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

import { setImmediate as nextTurn } from 'node:timers/promises';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  MaturityRubric,
  OwnerFacts,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import {
  MaturityStore,
  SnapshotEntry,
  StoredSnapshotIndex,
} from '../database/MaturityStore';
import { CatalogFleetReader, FLEET_FIELDS } from './CatalogFleetReader';
import { FleetScorer } from './FleetScorer';

export { toSnapshotEntry } from './snapshotEntry';

/**
 * Components scored between two turns of the event loop. The reader asks
 * the catalog for the next page before a page is scored, so that the
 * catalog's database runs its query meanwhile. But the catalog usually
 * runs in the same process: its request passes a token's signing and
 * checking and an HTTP round trip, each a turn of this thread, before its
 * query reaches the database. A page of 500 scored in one go held that
 * request back until the page was scored, and this thread then waited for
 * the query. At 100k, PostgreSQL: 1.1-1.4 s idle waiting for pages in a
 * refresh that scores everything, 0.3-0.5 s with slices of 100.
 */
const SCORE_SLICE = 100;

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
  /**
   * ML components whose stored row was kept without scoring them again
   * (their entity and its context had not changed).
   */
  keptCount?: number;
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
      /** Told of every refresh that wrote changes (see LevelDropNotifier). */
      notifier?: { notify(assessedAt: Date): Promise<number> };
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
    let catalogFailed = false;
    try {
      const credentials = await auth.getOwnServiceCredentials();
      // The store pulls the entries while it writes: each catalog page is
      // scored as it arrives, and what it settles is written while the next
      // pages are read. Only the components whose score waits for the rest
      // of the catalog are held (as partial scores), never the fleet. The
      // snapshot needs the score only; messages and recommendations are
      // built when someone looks. Waivers are compared with the day the
      // read starts, which is also the snapshot's assessment time.
      //
      // Where the store can tell (PostgreSQL), a component whose entity has
      // the etag its stored row was scored from is not scored again: the
      // row is kept. Its owner's facts and its System's Domain are checked
      // once the whole catalog is read; the few kept rows they changed are
      // read again and scored.
      const scorer = new FleetScorer(rubric, startedAt);
      let readSeconds = 0;
      let settledEarly = 0;
      let ownerFacts: ReadonlyMap<string, OwnerFacts> | undefined;
      let index: StoredSnapshotIndex | undefined;
      let scoredAgain = 0;
      const pages = reader.pages(undefined, FLEET_FIELDS, credentials);
      // A failure of the catalog, not of this code or the database. Pages
      // are pulled by hand so that none is held while the next is awaited
      // (see CatalogFleetReader.pages).
      const fromCatalog = async function* fromCatalog<T>(
        source: AsyncIterable<T>,
      ) {
        const iterator = source[Symbol.asyncIterator]();
        let done = false;
        try {
          for (;;) {
            let result: IteratorResult<T> | undefined;
            try {
              result = await iterator.next();
            } catch (error) {
              done = true;
              catalogFailed = true;
              throw error;
            }
            if (result.done) {
              done = true;
              return;
            }
            let item: T | undefined = result.value;
            result = undefined;
            yield item;
            item = undefined;
          }
        } finally {
          if (!done) await iterator.return?.();
        }
      };
      // Pages read before the store tells whether it keeps unchanged rows
      // wait (the stored snapshot takes about half a second to read at
      // 100k): scored without the index, their components would all be
      // scored and compared.
      let decided = false;
      const held: Entity[][] = [];
      const score = async (page: Entity[]) => {
        if (page.length <= SCORE_SLICE) {
          const settled = scorer.addPage(page);
          settledEarly += settled.length;
          return settled;
        }
        const settled: SnapshotEntry[] = [];
        for (let start = 0; start < page.length; start += SCORE_SLICE) {
          if (start > 0) await nextTurn();
          for (const entry of scorer.addPage(
            page.slice(start, start + SCORE_SLICE),
          )) {
            settled.push(entry);
          }
        }
        settledEarly += settled.length;
        return settled;
      };
      const entries = async function* scoreAll() {
        const catalogPages = fromCatalog(pages);
        try {
          for (;;) {
            let result: IteratorResult<Entity[]> | undefined =
              await catalogPages.next();
            if (result.done) break;
            let page: Entity[] | undefined = result.value;
            result = undefined;
            if (!decided) {
              held.push(page);
              continue;
            }
            while (held.length > 0) yield await score(held.shift()!);
            let settled: SnapshotEntry[] | undefined = await score(page);
            page = undefined;
            yield settled;
            settled = undefined;
          }
        } finally {
          // Stopped early (the store failed): as `for await` would.
          await catalogPages.return(undefined);
        }
        while (held.length > 0) yield await score(held.shift()!);
        readSeconds = (Date.now() - startedAt.getTime()) / 1000;
        const rest = scorer.finish();
        ownerFacts = rest.ownerFacts;
        yield rest.entries;
        if (rest.again.length === 0) return;
        const found = new Set<string>();
        for await (const page of fromCatalog(
          reader.byRefs(rest.again, FLEET_FIELDS, credentials),
        )) {
          const out: SnapshotEntry[] = [];
          for (const entity of page) {
            const entry = scorer.scoreAgain(entity);
            if (!entry) continue;
            found.add(entry.entityRef);
            out.push(entry);
          }
          scoredAgain += out.length;
          yield out;
        }
        // Gone from the catalog since its page was read: the row goes.
        for (const ref of rest.again) {
          if (!found.has(ref)) index?.release(ref);
        }
      };
      writing = true;
      const { changes, superseded, kept } = await store.writeSnapshot({
        entries: entries(),
        assessedAt: startedAt,
        checkIds: rubric.checks.map(c => c.id),
        ownerFacts: () => ownerFacts,
        reuse: {
          key: FleetScorer.reuseKey(rubric),
          onIndex: stored => {
            decided = true;
            index = stored;
            scorer.useIndex(stored);
          },
          systemDomains: () => scorer.systemDomainMap,
        },
      });
      const entityCount = scorer.entityCount;
      const finishedAt = new Date();
      await store.finishRun(runId, {
        finishedAt,
        status: 'succeeded',
        entityCount,
      });
      logger.info(
        superseded
          ? 'MLOps maturity refresh skipped: another replica wrote a newer snapshot meanwhile'
          : `Assessed ${entityCount} ML components, ${changes} change(s), in ${
              (finishedAt.getTime() - startedAt.getTime()) / 1000
            } s (catalog read ${readSeconds} s; ${settledEarly} settled while reading; ${
              kept ?? 0
            } kept unchanged, ${scoredAgain} read and scored again)`,
      );
      if (this.options.notifier && !superseded && changes > 0) {
        // The snapshot is written: a notification that fails is logged, and
        // the refresh still succeeded.
        try {
          const sent = await this.options.notifier.notify(startedAt);
          if (sent > 0) {
            logger.info(`Notified the owners of ${sent} level drop(s)`);
          }
        } catch (error) {
          logger.warn(
            `Could not notify the level drops of this refresh: ${
              (error as Error)?.message ?? error
            }`,
          );
        }
      }
      return {
        status: 'succeeded',
        startedAt,
        finishedAt,
        entityCount,
        changes,
        keptCount: kept ?? 0,
      };
    } catch (error) {
      const detail = (error as Error)?.message ?? String(error);
      // What callers see (lastError, the 503 of POST /refresh): why the
      // catalog could not be read, but never a database error, whose text
      // holds SQL.
      const message =
        !writing || catalogFailed
          ? detail
          : 'The assessment could not be stored; the backend log has the details';
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
