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
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityBatchReader } from './EntityBatchReader';

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'ml-model', owner: 'team' },
  };
}

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

/**
 * A catalog where bob may not read `secret`, which records every call with
 * the credentials it was made with.
 */
function fakeCatalog(fail?: Error) {
  const entities = new Map(
    ['a', 'b', 'c', 'secret'].map(n => [`component:default/${n}`, n]),
  );
  const calls: Array<{
    refs: string[];
    user: string;
    fields?: string[];
    single?: boolean;
  }> = [];
  const read = (
    entityRefs: string[],
    credentials: BackstageCredentials,
    fields?: string[],
    single?: boolean,
  ) => {
    const user = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    calls.push({
      refs: entityRefs,
      user,
      ...(fields ? { fields } : {}),
      ...(single ? { single } : {}),
    });
    if (fail) throw fail;
    return entityRefs.map(ref => {
      const name = entities.get(ref.toLocaleLowerCase('en-US'));
      if (!name) return null;
      if (name === 'secret' && user.endsWith('/bob')) return null;
      return component(name);
    });
  };
  const catalog = {
    async getEntitiesByRefs(
      request: { entityRefs: string[]; fields?: string[] },
      options: { credentials: BackstageCredentials },
    ) {
      return {
        items: read(request.entityRefs, options.credentials, request.fields),
      };
    },
    async getEntityByRef(
      ref: string,
      options: { credentials: BackstageCredentials },
    ) {
      return read([ref], options.credentials, undefined, true)[0] ?? undefined;
    },
  } as unknown as CatalogService;
  return { catalog, calls };
}

/** {@link fakeCatalog} whose every call waits until the test opens its gate. */
function gatedCatalog() {
  const { catalog, calls } = fakeCatalog();
  const gates: Array<() => void> = [];
  const gate = () => new Promise<void>(resolve => gates.push(resolve));
  const gated = {
    async getEntitiesByRefs(
      ...args: Parameters<CatalogService['getEntitiesByRefs']>
    ) {
      await gate();
      return catalog.getEntitiesByRefs(...args);
    },
    async getEntityByRef(
      ...args: Parameters<CatalogService['getEntityByRef']>
    ) {
      await gate();
      return catalog.getEntityByRef(...args);
    },
  } as unknown as CatalogService;
  return { catalog: gated, calls, gates };
}

/** The event loop's next turn. */
const turn = () => new Promise(resolve => setImmediate(resolve));

describe('EntityBatchReader', () => {
  it('serves reads that arrive together with the same caller key in one call', async () => {
    const { catalog, calls } = fakeCatalog();
    const reader = new EntityBatchReader(catalog, ['kind', 'metadata.name']);
    const refs = [
      'component:default/a',
      'component:default/b',
      'Component:default/A',
      'component:default/missing',
      'component:default/c',
    ];
    const results = await Promise.all(
      refs.map(ref => reader.read(ref, alice, 'Bearer alice')),
    );
    expect(results.map(e => e?.metadata.name)).toEqual([
      'a',
      'b',
      'a',
      undefined,
      'c',
    ]);
    // Duplicates are asked for once; the projection is passed on.
    expect(calls).toEqual([
      {
        refs: [
          'component:default/a',
          'component:default/b',
          'component:default/missing',
          'component:default/c',
        ],
        user: 'user:default/alice',
        fields: ['kind', 'metadata.name'],
      },
    ]);
  });

  it('never mixes callers: each key gets its own call with its own credentials', async () => {
    const { catalog, calls } = fakeCatalog();
    const reader = new EntityBatchReader(catalog);
    const [aliceSecret, bobSecret, bobA] = await Promise.all([
      reader.read('component:default/secret', alice, 'Bearer alice'),
      reader.read('component:default/secret', bob, 'Bearer bob'),
      reader.read('component:default/a', bob, 'Bearer bob'),
    ]);
    expect(aliceSecret?.metadata.name).toBe('secret');
    expect(bobSecret).toBeUndefined();
    expect(bobA?.metadata.name).toBe('a');
    // Alice's single ref is read on its own (a plain GET).
    expect(calls).toEqual([
      {
        refs: ['component:default/secret'],
        user: 'user:default/alice',
        single: true,
      },
      {
        refs: ['component:default/secret', 'component:default/a'],
        user: 'user:default/bob',
      },
    ]);
  });

  it('reads on its own without a caller key, and in a later call after the turn', async () => {
    const { catalog, calls } = fakeCatalog();
    const reader = new EntityBatchReader(catalog);
    await Promise.all([
      reader.read('component:default/a', alice),
      reader.read('component:default/b', alice),
    ]);
    expect(calls).toHaveLength(2);
    await reader.read('component:default/a', alice, 'Bearer alice');
    await reader.read('component:default/b', alice, 'Bearer alice');
    expect(calls).toHaveLength(4);
    expect(calls.every(c => c.single)).toBe(true);
  });

  it('sends at most 100 refs per call', async () => {
    const { catalog, calls } = fakeCatalog();
    const reader = new EntityBatchReader(catalog);
    const results = await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        reader.read(`component:default/n${i}`, alice, 'Bearer alice'),
      ),
    );
    expect(results.every(r => r === undefined)).toBe(true);
    expect(calls.map(c => c.refs.length)).toEqual([100, 100, 50]);
  });

  it('fails every read of a call when the catalog fails', async () => {
    const { catalog } = fakeCatalog(new Error('catalog down'));
    const reader = new EntityBatchReader(catalog);
    const results = await Promise.allSettled([
      reader.read('component:default/a', alice, 'Bearer alice'),
      reader.read('component:default/b', alice, 'Bearer alice'),
    ]);
    expect(results).toEqual([
      { status: 'rejected', reason: new Error('catalog down') },
      { status: 'rejected', reason: new Error('catalog down') },
    ]);
  });

  it("keeps a caller's later reads while its call is in flight, and sends them together when it ends", async () => {
    const { catalog, calls, gates } = gatedCatalog();
    const reader = new EntityBatchReader(catalog);
    const first = reader.read('component:default/a', alice, 'Bearer alice');
    await turn();
    expect(gates).toHaveLength(1);
    // Arriving over several turns while the first call is out.
    const later: Array<Promise<Entity | undefined>> = [];
    for (const name of ['b', 'c', 'a']) {
      later.push(
        reader.read(`component:default/${name}`, alice, 'Bearer alice'),
      );
      await turn();
    }
    // Another caller is not held up by Alice's call.
    const bobs = reader.read('component:default/b', bob, 'Bearer bob');
    await turn();
    expect(gates).toHaveLength(2);
    gates[1]();
    expect((await bobs)?.metadata.name).toBe('b');

    gates[0]();
    expect((await first)?.metadata.name).toBe('a');
    await turn();
    expect(gates).toHaveLength(3);
    gates[2]();
    expect((await Promise.all(later)).map(e => e?.metadata.name)).toEqual([
      'b',
      'c',
      'a',
    ]);
    expect(calls.map(c => [c.user, c.refs])).toEqual([
      ['user:default/bob', ['component:default/b']],
      ['user:default/alice', ['component:default/a']],
      [
        'user:default/alice',
        ['component:default/b', 'component:default/c', 'component:default/a'],
      ],
    ]);
    // Nothing is kept for callers who are done.
    await turn();
    expect(
      (reader as unknown as { callers: Map<string, unknown> }).callers.size,
    ).toBe(0);
  });

  it('lets a caller have as many calls in flight as it is told', async () => {
    const { catalog, calls, gates } = gatedCatalog();
    const reader = new EntityBatchReader(catalog, undefined, {
      maxInFlight: 2,
    });
    const reads = [reader.read('component:default/a', alice, 'Bearer alice')];
    await turn();
    reads.push(reader.read('component:default/b', alice, 'Bearer alice'));
    await turn();
    expect(gates).toHaveLength(2);
    reads.push(reader.read('component:default/c', alice, 'Bearer alice'));
    await turn();
    expect(gates).toHaveLength(2);
    gates[0]();
    await turn();
    await turn();
    expect(gates).toHaveLength(3);
    gates[1]();
    gates[2]();
    expect((await Promise.all(reads)).map(e => e?.metadata.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(calls).toHaveLength(3);
  });

  it('forgets a caller whose reads all failed', async () => {
    const { catalog } = fakeCatalog(new Error('catalog down'));
    const reader = new EntityBatchReader(catalog);
    await expect(
      reader.read('component:default/a', alice, 'Bearer alice'),
    ).rejects.toThrow('catalog down');
    await turn();
    expect(
      (reader as unknown as { callers: Map<string, unknown> }).callers.size,
    ).toBe(0);
  });
});
