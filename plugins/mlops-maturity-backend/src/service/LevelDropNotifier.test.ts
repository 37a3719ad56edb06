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

import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { defaultRubric } from '@mlops-maturity/plugin-mlops-maturity-common';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { DatabaseMaturityStore } from '../database/DatabaseMaturityStore';
import { SnapshotEntry } from '../database/MaturityStore';
import { testDatabaseIds } from '../__testUtils__/databases';
import { LevelDropNotifier } from './LevelDropNotifier';

const databases = TestDatabases.create({ ids: testDatabaseIds });
jest.setTimeout(60_000);

function entry(
  name: string,
  level: number,
  failingChecks: string[],
  targetLevel = 2,
): SnapshotEntry {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    title: name === 'churn' ? 'Churn Prediction' : null,
    owner: 'group:default/team-a',
    system: null,
    domain: null,
    type: 'ml-model',
    lifecycle: 'production',
    level,
    targetLevel,
    claimedLevel: null,
    failingChecks,
    waived: false,
    problems: 0,
  };
}

describe.each(databases.eachSupportedId())('LevelDropNotifier (%s)', id => {
  async function setUp(failOn?: string) {
    const knex = await databases.init(id);
    const store = await DatabaseMaturityStore.create({
      database: { getClient: async () => knex },
    });
    const sent: NotificationSendOptions[] = [];
    const logger = mockServices.logger.mock();
    const notifier = new LevelDropNotifier({
      store,
      rubric: defaultRubric,
      logger,
      notifications: {
        async send(options) {
          if (
            options.recipients.type === 'entity' &&
            options.recipients.entityRef === failOn
          ) {
            throw new Error('the notifications backend is down');
          }
          sent.push(options);
        },
      },
    });
    return { store, sent, logger, notifier };
  }
  const checkIds = defaultRubric.checks.map(c => c.id);
  const day1 = new Date('2026-11-20T10:00:00.000Z');
  const day2 = new Date('2026-11-21T10:00:00.000Z');
  const day3 = new Date('2026-11-22T10:00:00.000Z');

  it('notifies each component whose level dropped in that refresh, and only those', async () => {
    const { store, sent, notifier } = await setUp();
    await store.writeSnapshot({
      entries: [
        entry('churn', 3, ['ab-testing']),
        entry('fraud', 1, ['ci-cd-pipeline']),
        entry('gone', 2, []),
        entry('steady', 2, ['feature-store']),
      ],
      assessedAt: day1,
      checkIds,
    });
    // The first assessment of a component is no drop.
    expect(await notifier.notify(day1)).toBe(0);

    await store.writeSnapshot({
      entries: [
        // Dropped below its target: two checks that passed now fail.
        entry('churn', 1, ['ab-testing', 'ci-cd-pipeline', 'quality-gate']),
        entry('fraud', 2, []),
        entry('steady', 2, ['feature-store']),
        entry('new', 0, ['model-registry']),
      ],
      assessedAt: day2,
      checkIds,
    });
    expect(await notifier.notify(day2)).toBe(1);
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'component:default/churn' },
        payload: {
          title: 'Churn Prediction dropped to level 1 Managed',
          description:
            'component:default/churn was at level 3 Governed. Now failing: ci-cd-pipeline, quality-gate. Its target is level 2. The MLOps Maturity tab has the YAML to add.',
          link: '/catalog/default/component/churn/mlops-maturity',
          severity: 'high',
          topic: 'MLOps maturity',
          scope: 'mlops-maturity:level:component:default/churn',
        },
      },
    ]);

    // A later refresh notifies its own drops, never the earlier ones again.
    await store.writeSnapshot({
      entries: [
        entry('churn', 1, ['ab-testing', 'ci-cd-pipeline', 'quality-gate']),
        entry('fraud', 2, []),
        entry('steady', 0, ['model-registry', 'feature-store'], 0),
      ],
      assessedAt: day3,
      checkIds,
    });
    expect(await notifier.notify(day3)).toBe(1);
    expect(sent[1].payload).toMatchObject({
      title: 'steady dropped to level 0 Manual',
      description:
        'component:default/steady was at level 2 Automated. Now failing: model-registry. The MLOps Maturity tab has the YAML to add.',
      severity: 'normal',
    });
    // Asked again for an older refresh, it finds that refresh's changes only.
    sent.length = 0;
    expect(await notifier.notify(day2)).toBe(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: 'component:default/churn',
    });
  });

  it('logs a notification that cannot be sent, and sends the others', async () => {
    const { store, sent, logger, notifier } = await setUp(
      'component:default/a',
    );
    await store.writeSnapshot({
      entries: [entry('a', 2, []), entry('b', 2, [])],
      assessedAt: day1,
      checkIds,
    });
    await store.writeSnapshot({
      entries: [entry('a', 1, ['quality-gate']), entry('b', 1, ['rbac'])],
      assessedAt: day2,
      checkIds,
    });
    expect(await notifier.notify(day2)).toBe(1);
    expect(sent.map(s => s.recipients)).toEqual([
      { type: 'entity', entityRef: 'component:default/b' },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not notify the owners of component:default/a of its level drop: the notifications backend is down',
    );
  });

  it('reads every page of a large refresh', async () => {
    const { store, sent, notifier } = await setUp();
    const names = Array.from({ length: 1200 }, (_, i) => `m-${i}`);
    await store.writeSnapshot({
      entries: names.map(n => entry(n, 2, [])),
      assessedAt: day1,
      checkIds,
    });
    await store.writeSnapshot({
      entries: names.map((n, i) =>
        i % 2 ? entry(n, 1, ['rbac']) : entry(n, 2, []),
      ),
      assessedAt: day2,
      checkIds,
    });
    expect(await notifier.notify(day2)).toBe(600);
    expect(new Set(sent.map(s => s.payload.scope)).size).toBe(600);
  });
});
