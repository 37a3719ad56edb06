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

import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { defaultRubric } from '@mlops-maturity/plugin-mlops-maturity-common';
import { CatalogFleetReader, FLEET_FIELDS } from './CatalogFleetReader';

function component(i: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `model-${String(i).padStart(4, '0')}` },
    spec: { type: 'ml-model' },
  };
}

/** A catalog of `count` components served in pages of 500 by cursor. */
function pagedCatalog(count: number, failOnPage?: number) {
  const catalog = catalogServiceMock({ entities: [] });
  const asked: number[] = [];
  jest.spyOn(catalog, 'queryEntities').mockImplementation(async request => {
    const page =
      request && 'cursor' in request && request.cursor
        ? Number(request.cursor)
        : 0;
    asked.push(page);
    if (page === failOnPage) throw new Error('connection reset');
    const items = [];
    for (let i = page * 500; i < Math.min(count, (page + 1) * 500); i++) {
      items.push(component(i));
    }
    const more = (page + 1) * 500 < count;
    return {
      items,
      totalItems: count,
      pageInfo: more ? { nextCursor: String(page + 1) } : {},
    };
  });
  return { catalog, asked };
}

describe('CatalogFleetReader', () => {
  it('asks for the next page before the consumer gets the current one, and reads each once', async () => {
    const { catalog, asked } = pagedCatalog(1700);
    const reader = new CatalogFleetReader(catalog, defaultRubric);
    const seen: Array<{ first: string; asked: number }> = [];
    for await (const page of reader.pages(
      undefined,
      FLEET_FIELDS,
      mockCredentials.service(),
    )) {
      seen.push({ first: page[0].metadata.name, asked: asked.length });
    }
    expect(seen).toEqual([
      { first: 'model-0000', asked: 2 },
      { first: 'model-0500', asked: 3 },
      { first: 'model-1000', asked: 4 },
      // The last page has no cursor: nothing more is asked for.
      { first: 'model-1500', asked: 4 },
    ]);
    expect(asked).toEqual([0, 1, 2, 3]);
  });

  it('throws the failure of a page read ahead when the consumer asks for that page', async () => {
    const { catalog } = pagedCatalog(1700, 2);
    const reader = new CatalogFleetReader(catalog, defaultRubric);
    const got: string[] = [];
    const failure = await (async () => {
      for await (const page of reader.pages(
        undefined,
        FLEET_FIELDS,
        mockCredentials.service(),
      )) {
        got.push(page[0].metadata.name);
      }
    })().then(
      () => undefined,
      (error: Error) => error,
    );
    expect(got).toEqual(['model-0000', 'model-0500']);
    expect(failure?.name).toBe('ServiceUnavailableError');
    expect(failure?.message).toMatch(
      /^The catalog could not be read: connection reset/,
    );
  });

  it('lets a consumer stop early while a failing page is read ahead', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { catalog, asked } = pagedCatalog(1700, 1);
      const reader = new CatalogFleetReader(catalog, defaultRubric);
      for await (const page of reader.pages(
        undefined,
        FLEET_FIELDS,
        mockCredentials.service(),
      )) {
        expect(page).toHaveLength(500);
        break;
      }
      expect(asked).toEqual([0, 1]);
      // Rejections are reported after the microtasks of this turn.
      await new Promise(resolve => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
