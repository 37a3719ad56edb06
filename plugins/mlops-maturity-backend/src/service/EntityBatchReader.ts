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

interface Waiter {
  ref: string;
  resolve(entity: Entity | undefined): void;
  reject(error: unknown): void;
}

interface Batch {
  credentials: BackstageCredentials;
  waiters: Waiter[];
  sent: boolean;
}

/**
 * Reads single entities from the catalog, always with the caller's
 * credentials and always live (nothing is cached).
 *
 * Requests that arrive together with the same credentials are served by one
 * catalog call (`getEntitiesByRefs`) instead of one call each. Each call
 * costs a plugin token signed for the caller, its verification by the
 * catalog, an HTTP round trip and a query; under load from one caller (a CI
 * job or a dashboard with a service token, a user opening several pages)
 * that cost, not the query, dominates. Requests are only grouped under a
 * caller key that identifies identical credentials (the raw `Authorization`
 * header): the catalog applies that caller's permissions to every entity of
 * the call, so nobody sees an entity through someone else's request.
 *
 * @internal
 */
export class EntityBatchReader {
  private readonly open = new Map<string, Batch>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly fields?: string[],
  ) {}

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
      let batch = this.open.get(callerKey);
      if (!batch) {
        const created: Batch = { credentials, waiters: [], sent: false };
        this.open.set(callerKey, created);
        // Everything this caller asks for until the event loop's next turn
        // goes into the same call.
        setImmediate(() => this.send(callerKey, created));
        batch = created;
      }
      batch.waiters.push({ ref, resolve, reject });
      if (batch.waiters.length >= MAX_BATCH) this.send(callerKey, batch);
    });
  }

  private send(callerKey: string, batch: Batch) {
    if (batch.sent) return;
    batch.sent = true;
    if (this.open.get(callerKey) === batch) this.open.delete(callerKey);
    const index = new Map<string, number>();
    for (const { ref } of batch.waiters) {
      const key = ref.toLocaleLowerCase('en-US');
      if (!index.has(key)) index.set(key, index.size);
    }
    const refs = [...index.keys()];
    this.fetch(refs, batch.credentials).then(
      items => {
        for (const w of batch.waiters) {
          w.resolve(items[index.get(w.ref.toLocaleLowerCase('en-US'))!]);
        }
      },
      error => {
        for (const w of batch.waiters) w.reject(error);
      },
    );
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
