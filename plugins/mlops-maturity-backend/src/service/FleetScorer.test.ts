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

import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  buildAssessmentContext,
  defaultRubric,
  isMlComponent,
  ownerFactsOf,
  scoreEntity,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { SnapshotEntry } from '../database/MaturityStore';
import { loadExampleEntities } from '../__testUtils__/examples';
import { FleetScorer } from './FleetScorer';
import { toSnapshotEntry } from './snapshotEntry';

const NOW = new Date('2026-06-01T00:00:00Z');

/** A deterministic pseudo-random sequence (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const entity = (kind: string, name: string, rest: Partial<Entity> = {}) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    ...rest,
    metadata: { name, namespace: 'default', ...rest.metadata },
  } as Entity);

/**
 * Every way a score or a column depends on the rest of the catalog: Groups
 * of three, of one and unknown, members through relations and through
 * spec.memberOf, User owners, owners of one and of several components,
 * Systems with and without a Domain and missing, a component's own Domain,
 * and the examples shipped with the project.
 */
function catalog(): Entity[] {
  const components: Entity[] = [];
  const owners = ['big', 'solo', 'ghost', 'user:ann', 'user:cy', 'lone'];
  const systems = ['sys-a', 'sys-b', 'sys-missing', undefined];
  for (let i = 0; i < 60; i++) {
    components.push(
      entity('Component', `model-${i}`, {
        metadata: {
          name: `model-${i}`,
          annotations: {
            'mlops/model-registry': 'https://mlflow/x',
            ...(i % 3 ? { 'mlops/training-pipeline': 'https://ci/x' } : {}),
            ...(i % 7 === 0 ? { 'mlops/regulated': 'true' } : {}),
          },
        },
        spec: {
          type: i % 5 ? 'ml-model' : 'ml-pipeline',
          // One component only for "lone": its target stays open to the end.
          owner: i === 0 ? 'lone' : owners[i % (owners.length - 1)],
          ...(systems[i % 4] ? { system: systems[i % 4] } : {}),
          ...(i % 6 === 0 ? { domain: 'own-domain' } : {}),
        },
      }),
    );
  }
  return [
    entity('Group', 'big', {
      relations: [
        { type: 'hasMember', targetRef: 'user:default/ann' },
        { type: 'hasMember', targetRef: 'user:default/bob' },
      ],
    }),
    entity('Group', 'solo'),
    entity('Group', 'lone'),
    entity('User', 'ann', { spec: { memberOf: ['big'] } }),
    entity('User', 'bob'),
    entity('User', 'cy', { spec: { memberOf: ['big', 'solo'] } }),
    entity('System', 'sys-a', { spec: { domain: 'payments' } }),
    entity('System', 'sys-b', { spec: {} }),
    entity('Component', 'website', { spec: { type: 'website' } }),
    ...components,
    ...loadExampleEntities(),
  ];
}

/** What assessing every ML component with the whole catalog gives. */
function expected(entities: Entity[]) {
  const context = buildAssessmentContext(entities);
  const systemDomains = new Map<string, string>();
  for (const e of entities) {
    if (e.kind === 'System' && typeof e.spec?.domain === 'string') {
      const defaults = {
        defaultKind: 'domain',
        defaultNamespace: e.metadata.namespace ?? 'default',
      };
      systemDomains.set(
        stringifyEntityRef(e),
        stringifyEntityRef(parseEntityRef(e.spec.domain, defaults)),
      );
    }
  }
  const components = entities.filter(
    e => e.kind !== 'Group' && e.kind !== 'User' && isMlComponent(e),
  );
  return {
    entries: sorted(
      components.map(e =>
        toSnapshotEntry(
          e,
          scoreEntity(e, { context, now: NOW }),
          systemDomains,
        ),
      ),
    ),
    ownerFacts: ownerFactsOf(components, context),
  };
}

function sorted(entries: SnapshotEntry[]) {
  return [...entries].sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}

describe('FleetScorer', () => {
  it('gives the whole catalog’s entries whatever the order and the pages', () => {
    const all = catalog();
    const want = expected(all);
    for (let seed = 1; seed <= 40; seed++) {
      const random = rng(seed);
      const shuffled = all
        .map(e => ({ e, key: random() }))
        .sort((p, q) => p.key - q.key)
        .map(({ e }) => e);
      const scorer = new FleetScorer(defaultRubric, NOW);
      const got: SnapshotEntry[] = [];
      for (let i = 0; i < shuffled.length; ) {
        const size = 1 + Math.floor(random() * 30);
        got.push(...scorer.addPage(shuffled.slice(i, i + size)));
        i += size;
      }
      const rest = scorer.finish();
      expect(scorer.waitingCount).toBe(0);
      expect(sorted([...got, ...rest.entries])).toEqual(want.entries);
      expect(rest.ownerFacts).toEqual(want.ownerFacts);
      expect(scorer.entityCount).toBe(want.entries.length);
    }
  });

  it('settles most scores while reading, and keeps open only what the rest of the catalog decides', () => {
    const all = catalog();
    // The organisation and the Systems first, as one page: every component
    // read after it is settled at once, but those the end decides.
    const org = all.filter(e => ['Group', 'User', 'System'].includes(e.kind));
    const rest = all.filter(e => !org.includes(e));
    const scorer = new FleetScorer(defaultRubric, NOW);
    expect(scorer.addPage(org)).toEqual([]);
    const settled = scorer.addPage(rest);
    const settledRefs = new Set(settled.map(e => e.entityRef));
    expect(scorer.waitingCount).toBe(
      expected(all).entries.length - settled.length,
    );
    // Open until the end: a Group of one (another member may come), a Group
    // or System outside the catalog, an owner of a single component (its
    // target). Everything else is settled.
    for (const e of rest.filter(x => x.metadata.name.startsWith('model-'))) {
      const open =
        ['solo', 'ghost', 'lone'].includes(e.spec!.owner as string) ||
        e.spec!.system === 'sys-missing';
      expect([e.metadata.name, settledRefs.has(stringifyEntityRef(e))]).toEqual(
        [e.metadata.name, !open],
      );
    }
    const done = scorer.finish();
    expect(sorted([...settled, ...done.entries])).toEqual(
      expected(all).entries,
    );
    expect(() => scorer.addPage([])).toThrow(/finished/);
  });
});
