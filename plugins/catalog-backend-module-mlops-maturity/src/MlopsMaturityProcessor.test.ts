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

import { Entity } from '@backstage/catalog-model';
import {
  assessEntity,
  buildAssessmentContext,
  defaultRubric,
  MATURITY_LEVEL_BASIS_ANNOTATION,
  MATURITY_LEVEL_LABEL,
  MATURITY_TARGET_LEVEL_LABEL,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { MlopsMaturityProcessor } from './MlopsMaturityProcessor';
import { CatalogContextCache } from './CatalogContextCache';

const model: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'solo-model',
    labels: { tier: 'gold' },
    annotations: {
      'mlops/model-registry': 'mlflow',
      'mlops/experiment-tracking': 'mlflow',
      'mlops/health-metrics': 'uptime, latency, errors',
      'mlops/retraining-runbook': 'https://runbooks/x',
      'mlops/gpu-utilisation': '70',
    },
  },
  spec: { type: 'ml-model', owner: 'solo-team', lifecycle: 'production' },
};

const org: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'solo-team' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ann' },
    spec: { memberOf: ['solo-team'] },
  },
  { ...model, metadata: { ...model.metadata, name: 'second-model' } },
];

describe('MlopsMaturityProcessor', () => {
  it('computes from the entity alone, and says so, while the catalog has not been read', async () => {
    const processor = new MlopsMaturityProcessor({
      rubric: defaultRubric,
      contexts: { context: undefined },
    });
    const out: any = await processor.postProcessEntity(model);
    const alone = assessEntity(model, {
      context: buildAssessmentContext([model]),
    });
    expect(out.metadata.labels).toEqual({
      tier: 'gold',
      [MATURITY_LEVEL_LABEL]: String(alone.level),
      [MATURITY_TARGET_LEVEL_LABEL]: String(alone.targetLevel),
    });
    expect(alone.level).toBe(1);
    expect(out.metadata.annotations[MATURITY_LEVEL_BASIS_ANNOTATION]).toBe(
      'entity-only',
    );
    expect(out.status.items).toEqual([
      {
        type: 'backstage.io/catalog-processing',
        level: 'warning',
        message: expect.stringContaining('Did you mean mlops/gpu-utilization?'),
        error: {
          name: 'MlopsMaturityAnnotationWarning',
          message: expect.stringContaining(
            'mlops/gpu-utilisation is not a known annotation',
          ),
        },
      },
    ]);
    // The input is not modified.
    expect(model.metadata.labels).toEqual({ tier: 'gold' });
  });

  it('computes from the catalog once it is read: Group size and owner counts change level and target', async () => {
    const context = buildAssessmentContext([...org, model]);
    const processor = new MlopsMaturityProcessor({
      rubric: defaultRubric,
      contexts: { context },
    });
    const out: any = await processor.postProcessEntity(model);
    expect(out.metadata.labels[MATURITY_LEVEL_LABEL]).toBe('0'); // one member: not shared
    expect(out.metadata.labels[MATURITY_TARGET_LEVEL_LABEL]).toBe('3'); // owner of two models
    expect(out.metadata.annotations[MATURITY_LEVEL_BASIS_ANNOTATION]).toBe(
      'catalog',
    );
  });

  it('leaves other entities untouched and keeps status items it did not write', async () => {
    const processor = new MlopsMaturityProcessor({
      rubric: defaultRubric,
      contexts: { context: undefined },
    });
    const service: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'web', annotations: { 'backstage.io/x': 'y' } },
      spec: { type: 'service', owner: 'team', lifecycle: 'production' },
    };
    expect(await processor.postProcessEntity(service)).toBe(service);
    const other = { type: 'x', level: 'info', message: 'hello' };
    const clean: any = await processor.postProcessEntity({
      ...service,
      spec: { ...service.spec, type: 'ml-service' },
      status: { items: [other] },
    } as Entity);
    expect(clean.status.items).toEqual([other]);
    const none: any = await processor.postProcessEntity({
      ...service,
      spec: { ...service.spec, type: 'ml-service' },
    });
    expect(none.status).toBeUndefined();
  });

  it('reads Group sizes and owner counts in pages, and keeps the last read when the catalog fails', async () => {
    const pages = [
      { items: org.slice(0, 1), pageInfo: { nextCursor: 'c1' } },
      { items: org.slice(1, 2), pageInfo: {} },
      { items: [model], pageInfo: { nextCursor: 'c2' } },
      { items: [org[2], org[0]], pageInfo: {} },
    ];
    let calls = 0;
    let fail = false;
    const catalog: any = {
      queryEntities: jest.fn(async () => {
        if (fail) throw new Error('catalog down');
        return pages[calls++];
      }),
    };
    const warn = jest.fn();
    const cache = new CatalogContextCache({
      catalog,
      auth: { getOwnServiceCredentials: async () => ({}) } as any,
      logger: { warn, debug: jest.fn() } as any,
      rubric: defaultRubric,
    });
    expect(cache.context).toBeUndefined();
    await cache.refresh();
    expect(catalog.queryEntities).toHaveBeenCalledTimes(4);
    expect(cache.context!.groupMemberCount('group:default/solo-team')).toBe(1);
    expect(
      cache.context!.ownedMlComponentCount('group:default/solo-team'),
    ).toBe(2);
    const readAt = cache.readAt;
    fail = true;
    await cache.refresh();
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('keeping the previous read'),
    );
    expect(cache.context!.groupMemberCount('group:default/solo-team')).toBe(1);
    expect(cache.readAt).toBe(readAt);
  });
});
