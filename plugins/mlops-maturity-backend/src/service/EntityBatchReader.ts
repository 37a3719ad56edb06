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

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Refs per catalog call at most; more wait for the next call. */
const MAX_BATCH = 100;

/** Catalog calls of one caller in flight at once, unless told otherwise. */
const DEFAULT_MAX_IN_FLIGHT = 1;

interface Waiter {
  ref: string;
  resolve(entity: Entity | undefined): void;
  reject(error: unknown): void;
}

/** What one caller (one caller key) has asked for and has in flight. */
interface Caller {
  credentials: BackstageCredentials;
  /** Reads not sent yet, in order. */
  waiting: Waiter[];
  inFlight: number;
  /** A send is scheduled for the event loop's next turn. */
  scheduled: boolean;
}

/**
 * Reads single entities from the catalog, always with the caller's
 * credentials and always live (nothing is cached).
 *
 * Reads with the same credentials are served together by one catalog call
 * (`getEntitiesByRefs`) instead of one call each. Each call costs a plugin
 * token signed for the caller, its verification by the catalog, an HTTP
 * round trip and a query; under load from one caller (a CI job or a
 * dashboard with a service token, a user opening several pages) that cost,
 * not the query, dominates. Reads that arrive in the same turn of the event
 * loop go together; and while a caller has `maxInFlight` calls in flight,
 * their later reads wait and go together in the next call, so that the
 * number of calls stays small however the reads trickle in. Reads are only
 * grouped under a caller key that identifies identical credentials (the raw
 * `Authorization` header): the catalog applies that caller's permissions to
 * every entity of the call, so nobody sees an entity through someone else's
 * request.
 *
 * @internal
 */
export class EntityBatchReader {
  private readonly callers = new Map<string, Caller>();
  private readonly maxInFlight: number;

  constructor(
    private readonly catalog: CatalogService,
    private readonly fields?: string[],
    options?: { maxInFlight?: number },
  ) {
    this.maxInFlight = Math.max(
      1,
      options?.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    );
  }

  /**
   * The entity, or `undefined` when it does not exist or the caller may not
   * read it. Without a caller key the entity is read on its own.
   */
  read(
    ref: string,
    credentials: BackstageCredentials,
    callerKey?: string,
  ): Promise<Entity | undefined> {
    if (callerKey === undefined) {
      return this.fetch([ref], credentials).then(items => items[0]);
    }
    return new Promise((resolve, reject) => {
      let caller = this.callers.get(callerKey);
      if (!caller) {
        caller = { credentials, waiting: [], inFlight: 0, scheduled: false };
        this.callers.set(callerKey, caller);
      }
      caller.waiting.push({ ref, resolve, reject });
      if (caller.inFlight >= this.maxInFlight) return; // sent when one ends
      if (caller.waiting.length >= MAX_BATCH) {
        this.send(callerKey, caller);
      } else if (!caller.scheduled) {
        caller.scheduled = true;
        // Everything this caller asks for until the event loop's next turn
        // goes into the same call.
        const scheduled = caller;
        setImmediate(() => {
          scheduled.scheduled = false;
          this.send(callerKey, scheduled);
          this.forgetIfIdle(callerKey, scheduled);
        });
      }
    });
  }

  private send(callerKey: string, caller: Caller) {
    if (caller.waiting.length === 0 || caller.inFlight >= this.maxInFlight) {
      return;
    }
    const waiters = caller.waiting.splice(0, MAX_BATCH);
    caller.inFlight++;
    const index = new Map<string, number>();
    for (const { ref } of waiters) {
      const key = ref.toLocaleLowerCase('en-US');
      if (!index.has(key)) index.set(key, index.size);
    }
    const done = () => {
      caller.inFlight--;
      // Those waiting have waited for this call already: no further turn.
      this.send(callerKey, caller);
      this.forgetIfIdle(callerKey, caller);
    };
    this.fetch([...index.keys()], caller.credentials).then(
      items => {
        done();
        for (const w of waiters) {
          w.resolve(items[index.get(w.ref.toLocaleLowerCase('en-US'))!]);
        }
      },
      error => {
        done();
        for (const w of waiters) w.reject(error);
      },
    );
  }

  /** Callers come and go with their tokens: an idle one is not kept. */
  private forgetIfIdle(callerKey: string, caller: Caller) {
    if (
      caller.inFlight === 0 &&
      caller.waiting.length === 0 &&
      !caller.scheduled &&
      this.callers.get(callerKey) === caller
    ) {
      this.callers.delete(callerKey);
    }
  }

  private async fetch(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Array<Entity | undefined>> {
    if (entityRefs.length === 1) {
      // The catalog answers a single GET faster than a batch of one: under
      // load with a caller per request, 0.81 of the throughput of a bare
      // catalog read with a GET, 0.73 with a batch of one.
      return [
        await this.catalog.getEntityByRef(entityRefs[0], { credentials }),
      ];
    }
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs, ...(this.fields ? { fields: this.fields } : {}) },
      { credentials },
    );
    return items.map(item => item ?? undefined);
  }
}
