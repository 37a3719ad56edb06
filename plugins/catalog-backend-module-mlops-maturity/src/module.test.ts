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

// The module inside a real catalog backend, reading examples/ as a deployment
// would: problems reported on the entity without keeping it out of the
// catalog, and labels equal to what the engine computes over the same files.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  Entity,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  assessEntity,
  buildAssessmentContext,
  isMlComponent,
  MATURITY_LEVEL_BASIS_ANNOTATION,
  MATURITY_LEVEL_LABEL,
  MATURITY_TARGET_LEVEL_LABEL,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import catalogModuleMlopsMaturity from '.';

jest.setTimeout(180_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const PROCESSING_TYPE = 'backstage.io/catalog-processing';

/** The files the examples' Location points at, read as the CLI reads them. */
function exampleEntities(): Entity[] {
  const root = path.join(EXAMPLES, 'catalog-info.yaml');
  const location = parseAllDocuments(fs.readFileSync(root, 'utf8'))[0].toJS();
  const entities: Entity[] = [];
  for (const target of location.spec.targets as string[]) {
    const file = path.resolve(EXAMPLES, target);
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const value = doc.toJS();
      if (value?.kind) entities.push(value);
    }
  }
  return entities;
}

const entities = exampleEntities();
const context = buildAssessmentContext(entities);
const expected = new Map(
  entities
    .filter(e => isMlComponent(e))
    .map(e => [stringifyEntityRef(e), assessEntity(e, { context })] as const),
);

/** A component only this test adds: a new entity whose first version has an error. */
const EXTRA = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: brand-new-model
  annotations:
    mlops/model-registry: "mlflow"
    mlops/deploy-decision: "sometimes"
    mlops/claimed-levle: "2"
spec:
  type: ml-model
  lifecycle: experimental
  owner: group:default/team-fraud
`;

describe('catalog module mlops-maturity in a real catalog', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let tmp: string;
  const service = mockCredentials.service.header();
  let byRef: Map<string, any>;

  async function readCatalog(): Promise<Map<string, any>> {
    const res = await request(backend.server)
      .get('/api/catalog/entities')
      .set('authorization', service);
    const list: any[] = res.status === 200 ? res.body : [];
    return new Map(list.map(e => [stringifyEntityRef(e), e]));
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-module-'));
    fs.writeFileSync(path.join(tmp, 'catalog-info.yaml'), EXTRA);
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMlopsMaturity,
        // The real scheduler: the mock one runs tasks only once, at start-up.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 2 },
              locations: [
                {
                  type: 'file',
                  target: path.join(EXAMPLES, 'catalog-info.yaml'),
                },
                { type: 'file', target: path.join(tmp, 'catalog-info.yaml') },
              ],
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Domain',
                    'API',
                    'Group',
                    'User',
                    'Location',
                    'Resource',
                  ],
                },
              ],
            },
            mlopsMaturity: {
              catalogModule: { contextRefresh: { frequency: 0.05 } },
            },
          },
        }),
      ],
    });
    // Wait until every ML component carries labels computed from the whole catalog.
    const settled = (catalog: Map<string, any>) =>
      catalog.has('component:default/brand-new-model') &&
      [...expected].every(([ref, a]) => {
        const e = catalog.get(ref);
        return (
          e?.metadata.annotations?.[MATURITY_LEVEL_BASIS_ANNOTATION] ===
            'catalog' &&
          e.metadata.labels?.[MATURITY_LEVEL_LABEL] === String(a.level) &&
          e.metadata.labels?.[MATURITY_TARGET_LEVEL_LABEL] ===
            String(a.targetLevel)
        );
      });
    const deadline = Date.now() + 150_000;
    for (;;) {
      byRef = await readCatalog();
      if (settled(byRef)) break;
      if (Date.now() > deadline) break; // the assertions below show what differs
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('stamps level and target labels equal to the engine over the same files, from the catalog', () => {
    expect(expected.size).toBeGreaterThanOrEqual(5);
    const actual = Object.fromEntries(
      [...expected.keys()].map(ref => {
        const e = byRef.get(ref);
        return [
          ref,
          {
            level: e?.metadata.labels?.[MATURITY_LEVEL_LABEL],
            target: e?.metadata.labels?.[MATURITY_TARGET_LEVEL_LABEL],
            basis: e?.metadata.annotations?.[MATURITY_LEVEL_BASIS_ANNOTATION],
          },
        ];
      }),
    );
    const want = Object.fromEntries(
      [...expected].map(([ref, a]) => [
        ref,
        {
          level: String(a.level),
          target: String(a.targetLevel),
          basis: 'catalog',
        },
      ]),
    );
    expect(actual).toEqual(want);
    // The examples exercise the catalog context: some levels and targets
    // differ from what each entity alone would give.
    const alone = [...expected.keys()].filter(ref => {
      const entity = entities.find(e => stringifyEntityRef(e) === ref)!;
      const a = assessEntity(entity, {
        context: buildAssessmentContext([entity]),
      });
      const b = expected.get(ref)!;
      return a.level !== b.level || a.targetLevel !== b.targetLevel;
    });
    expect(alone.length).toBeGreaterThan(0);
  });

  it('uses label keys and values the catalog model accepts, and labels only ML components', () => {
    const validator = makeValidator();
    const labelled = new Set([
      ...expected.keys(),
      'component:default/brand-new-model',
    ]);
    const all = [...byRef.values()];
    const stray = all
      .filter(e => !labelled.has(stringifyEntityRef(e)))
      .filter(
        e =>
          e.metadata.labels?.[MATURITY_LEVEL_LABEL] !== undefined ||
          e.metadata.annotations?.[MATURITY_LEVEL_BASIS_ANNOTATION] !==
            undefined,
      )
      .map(e => stringifyEntityRef(e));
    expect(stray).toEqual([]);
    expect(all.length).toBeGreaterThan(labelled.size);
    const invalid = all
      .filter(e => labelled.has(stringifyEntityRef(e)))
      .flatMap(e => Object.entries<string>(e.metadata.labels ?? {}))
      .filter(
        ([key, value]) =>
          !validator.isValidLabelKey(key) ||
          !validator.isValidLabelValue(value),
      );
    expect(invalid).toEqual([]);
  });

  it('reports a typo as a warning with the suggestion, and keeps the entity in the catalog', () => {
    const legacy = byRef.get('component:default/legacy-limit-scorer');
    expect(legacy).toBeDefined();
    const items = legacy.status?.items ?? [];
    expect(items).toContainEqual(
      expect.objectContaining({
        type: PROCESSING_TYPE,
        level: 'warning',
        message: expect.stringContaining('Did you mean mlops/model-registry?'),
      }),
    );
    // Every problem the engine reports is there, with its severity.
    for (const [ref, a] of expected) {
      const got = (byRef.get(ref)?.status?.items ?? [])
        .filter((i: any) => i.type === PROCESSING_TYPE)
        .map((i: any) => ({ level: i.level, message: i.error?.message }));
      expect({ ref, got }).toEqual({
        ref,
        got: a.problems.map(p => ({ level: p.severity, message: p.message })),
      });
    }
  });

  it('reports errors as the processing errors the entity page shows, without holding back a new entity', () => {
    const card = byRef.get('component:default/card-chargeback-model');
    // The filter of Backstage's EntityProcessingErrorsPanel.
    const shown = (e: any) =>
      (e.status?.items ?? []).filter(
        (i: any) =>
          i.error && i.level === 'error' && i.type === PROCESSING_TYPE,
      );
    expect(shown(card).map((i: any) => i.error.message)).toEqual([
      'mlops/deploy-decision is "auto"; allowed values: pipeline, human.',
    ]);

    const fresh = byRef.get('component:default/brand-new-model');
    expect(fresh).toBeDefined();
    expect(fresh.metadata.labels[MATURITY_LEVEL_LABEL]).toBe('0');
    expect(shown(fresh).map((i: any) => i.error.message)).toEqual([
      expect.stringContaining('mlops/deploy-decision is "sometimes"'),
    ]);
    expect(
      fresh.status.items.find((i: any) => i.level === 'warning').message,
    ).toContain('Did you mean mlops/claimed-level?');
  });

  it('answers by-name requests for an entity with problems', async () => {
    const res = await request(backend.server)
      .get(
        '/api/catalog/entities/by-name/component/default/legacy-limit-scorer',
      )
      .set('authorization', service);
    expect(res.status).toBe(200);
    expect(res.body.metadata.labels[MATURITY_LEVEL_LABEL]).toBe(
      String(expected.get('component:default/legacy-limit-scorer')!.level),
    );
  });
});
