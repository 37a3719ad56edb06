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

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  buildAssessmentContext,
  isMlComponent,
  scoreEntity,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { exampleEntities, syntheticEntities } from './lib/entities';
import { API, refreshNow, startInProcess } from './lib/inProcess';
import { dropDatabases, postgresUrl, uniquePrefix } from './lib/postgres';

const service = mockCredentials.service.header();
const admin = mockCredentials.user.header('user:default/admin');

/**
 * The catalog after a day of work: a third of the generated components
 * changed their evidence, members left two Groups that own models (their
 * models' entities are unchanged; team-fraud is left with one member, so
 * its models' shared-ownership check now fails),
 * and a System moved to another Domain (its models' rows change Domain).
 */
function changedCatalog(): Entity[] {
  return [
    ...exampleEntities()
      .filter(
        e =>
          !(e.kind === 'User' && ['alice', 'erin'].includes(e.metadata.name)),
      )
      .map(e =>
        e.kind === 'System' && e.metadata.name === 'lending-decisions'
          ? { ...e, spec: { ...e.spec, domain: 'payments' } }
          : e,
      ),
    ...syntheticEntities(60, 1),
  ];
}

/** An entity's `mlops/` annotations as one text (the catalog adds others). */
function mlopsAnnotations(e: Entity | undefined): string {
  return JSON.stringify(
    Object.entries(e?.metadata.annotations ?? {})
      .filter(([key]) => key.startsWith('mlops/'))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** What scoring every ML component of the catalog as it is now gives. */
function scoresOf(entities: Entity[], now: Date) {
  const context = buildAssessmentContext(entities);
  const domains = new Map<string, string>();
  for (const e of entities) {
    if (e.kind === 'System' && typeof e.spec?.domain === 'string') {
      domains.set(
        stringifyEntityRef(e),
        stringifyEntityRef(
          parseEntityRef(e.spec.domain, {
            defaultKind: 'domain',
            defaultNamespace: e.metadata.namespace ?? 'default',
          }),
        ),
      );
    }
  }
  const out = new Map<string, unknown>();
  for (const e of entities) {
    if (e.kind === 'Group' || e.kind === 'User' || !isMlComponent(e)) continue;
    const score = scoreEntity(e, { context, now });
    const system =
      typeof e.spec?.system === 'string'
        ? stringifyEntityRef(
            parseEntityRef(e.spec.system, {
              defaultKind: 'system',
              defaultNamespace: e.metadata.namespace ?? 'default',
            }),
          )
        : undefined;
    out.set(score.entityRef, {
      level: score.level,
      targetLevel: score.targetLevel,
      failing: score.failingChecks,
      domain: (system && domains.get(system)) ?? null,
    });
  }
  return out;
}

(postgresUrl ? describe : () => undefined)(
  'a scheduled refresh of the real catalog on PostgreSQL',
  () => {
    const prefix = uniquePrefix('reuse');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-reuse-'));
    const file = path.join(dir, 'entities.json');
    let backend: Awaited<ReturnType<typeof startInProcess>>;

    afterAll(async () => {
      await backend?.stop();
      await dropDatabases(postgresUrl!, prefix);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const refresh = () => refreshNow(backend.server);

    const catalogNow = async (): Promise<Entity[]> => {
      const res = await request(backend.server)
        .get('/api/catalog/entities')
        .set('authorization', service);
      expect(res.status).toBe(200);
      return res.body;
    };

    it('keeps the rows of unchanged components, and gives what scoring everything again gives', async () => {
      const entities = [...exampleEntities(), ...syntheticEntities(60, 0)];
      backend = await startInProcess({
        entities,
        file,
        postgres: { connection: postgresUrl!, prefix },
      });
      const first = await refresh();
      expect(first.keptCount).toBe(0);
      expect(first.entityCount).toBeGreaterThan(60);

      // Nothing changed: every row is kept, nothing is scored.
      const quiet = await refresh();
      expect(quiet).toMatchObject({
        entityCount: first.entityCount,
        keptCount: first.entityCount,
        changes: 0,
      });

      // The catalog changes; wait until it has processed every change
      // (the Group's relations included).
      const changed = changedCatalog();
      fs.writeFileSync(file, JSON.stringify(changed));
      const deadline = Date.now() + 120_000;
      for (;;) {
        const now = await catalogNow();
        const group = now.find(
          e => stringifyEntityRef(e) === 'group:default/team-credit-risk',
        );
        const fraud = now.find(
          e => stringifyEntityRef(e) === 'group:default/team-fraud',
        );
        const system = now.find(
          e => stringifyEntityRef(e) === 'system:default/lending-decisions',
        );
        // Every changed component as written: the catalog processes them
        // one by one, and a refresh in between would see a mix.
        const byName = new Map(now.map(e => [stringifyEntityRef(e), e]));
        const done =
          !now.some(e => e.metadata.name === 'alice') &&
          !group?.relations?.some(r => r.targetRef === 'user:default/alice') &&
          !fraud?.relations?.some(r => r.targetRef === 'user:default/erin') &&
          system?.spec?.domain === 'payments' &&
          changed.every(
            e =>
              mlopsAnnotations(byName.get(stringifyEntityRef(e))) ===
              mlopsAnnotations(e),
          );
        if (done) break;
        if (Date.now() > deadline)
          throw new Error('the catalog did not change');
        await new Promise(resolve => setTimeout(resolve, 250));
      }

      const read = await catalogNow();
      const after = await refresh();
      // The catalog did not change during the refresh.
      expect(await catalogNow()).toEqual(read);
      expect(after.entityCount).toBe(first.entityCount);
      expect(after.changes).toBeGreaterThan(0);
      // Some rows kept, but not those whose entity or context changed.
      expect(after.keptCount).toBeGreaterThan(0);
      expect(after.keptCount).toBeLessThan(first.entityCount - 20);

      const want = scoresOf(read, new Date(after.startedAt));
      const fleet = await request(backend.server)
        .get(`${API}/fleet?limit=500`)
        .set('authorization', admin);
      expect(fleet.status).toBe(200);
      const got = new Map<string, unknown>(
        fleet.body.items.map((r: any) => [
          r.entityRef,
          {
            level: r.level,
            targetLevel: r.targetLevel,
            failing: r.failingChecks.ids,
            domain: r.domain ?? null,
          },
        ]),
      );
      expect(got).toEqual(want);
    }, 300_000);
  },
);
