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
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { exampleEntities } from './lib/entities';
import { API, refreshNow, startInProcess } from './lib/inProcess';

const MODEL = 'component:default/credit-default-model';
const service = mockCredentials.service.header();
/** Members of the model's owner, team-credit-risk, and one of another team. */
const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');
const erin = mockCredentials.user.header('user:default/erin');

/** The model without its registry: it falls to level 0. */
function withoutRegistry(entities: Entity[]): Entity[] {
  return entities.map(e => {
    if (stringifyEntityRef(e) !== MODEL) return e;
    const { 'mlops/model-registry': _gone, ...annotations } =
      e.metadata.annotations ?? {};
    return { ...e, metadata: { ...e.metadata, annotations } };
  });
}

describe("level drops reach the owner's members through Backstage's notifications", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-notify-'));
  const file = path.join(dir, 'entities.json');
  let backend: Awaited<ReturnType<typeof startInProcess>>;

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const refresh = () => refreshNow(backend.server);
  const notificationsOf = async (auth: string) => {
    const res = await request(backend.server)
      .get('/api/notifications/notifications')
      .set('authorization', auth);
    expect(res.status).toBe(200);
    return res.body.notifications as Array<{
      user: string;
      origin: string;
      payload: Record<string, unknown>;
    }>;
  };

  it('notifies each member of the owner once per drop, and nobody else', async () => {
    const entities = exampleEntities();
    fs.writeFileSync(file, JSON.stringify(entities));
    backend = await startInProcess({ entities, file, notifications: true });
    const first = await refresh();
    expect(first.status).toBe('succeeded');
    const before = await request(backend.server)
      .get(`${API}/entities/component/default/credit-default-model/assessment`)
      .set('authorization', alice);
    expect(before.body.level).toBeGreaterThan(0);
    // The first assessment is no drop.
    expect(await notificationsOf(alice)).toEqual([]);

    fs.writeFileSync(file, JSON.stringify(withoutRegistry(entities)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(backend.server)
        .get(
          `/api/catalog/entities/by-name/component/default/credit-default-model`,
        )
        .set('authorization', service);
      if (!('mlops/model-registry' in res.body.metadata.annotations)) break;
      if (Date.now() > deadline) throw new Error('the catalog did not change');
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    const second = await refresh();
    expect(second.changes).toBeGreaterThan(0);

    for (const [user, auth] of [
      ['user:default/alice', alice],
      ['user:default/bob', bob],
    ] as const) {
      const got = await notificationsOf(auth);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({
        user,
        origin: 'plugin:mlops-maturity',
        payload: {
          title: 'Credit Default Model dropped to level 0 Manual',
          link: '/catalog/default/component/credit-default-model/mlops-maturity',
          severity: 'high',
          topic: 'MLOps maturity',
          scope: `mlops-maturity:level:${MODEL}`,
        },
      });
      expect(got[0].payload.description).toMatch(
        new RegExp(
          `^${MODEL} was at level ${before.body.level} .*\\. Now failing: model-registry\\.`,
        ),
      );
    }
    // Another team hears nothing of it.
    expect(await notificationsOf(erin)).toEqual([]);
    // Nothing changed: no new notification.
    await refresh();
    expect(await notificationsOf(alice)).toHaveLength(1);
  }, 180_000);
});
