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
import { createHash } from 'node:crypto';
import { SnapshotEntry, StoredSnapshotIndex } from '../database/MaturityStore';
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
            // Waiver keys that waive nothing still tie the row to the day.
            ...(i % 11 === 4
              ? { 'mlops/waiver.no-such-check': 'Typo; until 2027-01-01' }
              : {}),
            ...(i % 13 === 5
              ? { 'mlops/waiver.model-registry': 42 as unknown as string }
              : {}),
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
function expected(entities: Entity[], now = NOW) {
  const keys = new FleetScorer(defaultRubric, now);
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
      components.map(e => ({
        ...toSnapshotEntry(e, scoreEntity(e, { context, now }), systemDomains),
        sourceKey: keys.sourceKeyOf(e) ?? null,
      })),
    ),
    ownerFacts: ownerFactsOf(components, context),
    systemDomains,
  };
}

/** The entity with an etag as the catalog gives one: a digest of the rest. */
function withEtag(e: Entity): Entity {
  const { etag: _old, ...metadata } = e.metadata;
  const etag = createHash('sha1')
    .update(JSON.stringify({ ...e, metadata }))
    .digest('hex');
  return { ...e, metadata: { ...metadata, etag } };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  return items
    .map(item => ({ item, key: random() }))
    .sort((p, q) => p.key - q.key)
    .map(({ item }) => item);
}

/** A stored snapshot, with an index that behaves as the store's. */
function storedSnapshot(
  entries: SnapshotEntry[],
  ownerFacts: StoredSnapshotIndex['ownerFacts'],
  systemDomains: StoredSnapshotIndex['systemDomains'],
) {
  const rows = new Map(entries.map(e => [e.entityRef, e]));
  const kept = new Set<string>();
  const index: StoredSnapshotIndex = {
    keep: (ref, key) => {
      const row = rows.get(ref);
      if (!row || kept.has(ref) || !key || row.sourceKey !== key)
        return undefined;
      kept.add(ref);
      return ref;
    },
    release: ref => {
      kept.delete(ref);
    },
    ownerFacts,
    systemDomains,
  };
  return { rows, kept, index };
}

/** A refresh over the pages with the index given after `indexAfter` pages. */
function refreshWithIndex(
  entities: Entity[],
  stored: ReturnType<typeof storedSnapshot>,
  random: () => number,
  now: Date,
  indexAfter: number,
) {
  const scorer = new FleetScorer(defaultRubric, now);
  const got: SnapshotEntry[] = [];
  const pages: Entity[][] = [];
  for (let i = 0; i < entities.length; ) {
    const size = 1 + Math.floor(random() * 30);
    pages.push(entities.slice(i, i + size));
    i += size;
  }
  pages.forEach((page, n) => {
    if (n === indexAfter) scorer.useIndex(stored.index);
    got.push(...scorer.addPage(page));
  });
  const rest = scorer.finish();
  got.push(...rest.entries);
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  let again = 0;
  for (const ref of rest.again) {
    const read = byRef.get(ref);
    const entry = read && scorer.scoreAgain(read);
    if (entry) {
      got.push(entry);
      again++;
    }
    // As the store does: an entry replaces the kept row, none removes it.
    stored.index.release(ref);
  }
  const snapshot = new Map<string, SnapshotEntry>();
  for (const ref of stored.kept) snapshot.set(ref, stored.rows.get(ref)!);
  for (const entry of got) snapshot.set(entry.entityRef, entry);
  return {
    snapshot: sorted([...snapshot.values()]),
    kept: stored.kept.size,
    again,
    scorer,
    ownerFacts: rest.ownerFacts,
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
      const shuffled = shuffle(all, random);
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

  describe('with the stored snapshot', () => {
    const DAY_AFTER = new Date('2026-06-02T06:00:00Z');
    const waived = defaultRubric.checks[0].id;

    /** The test catalog with etags, and one component waived until NOW's day. */
    function before(): Entity[] {
      return catalog().map(e =>
        withEtag(
          e.metadata.name === 'model-23'
            ? {
                ...e,
                metadata: {
                  ...e.metadata,
                  annotations: {
                    ...e.metadata.annotations,
                    [`mlops/waiver.${waived}`]: 'Migrating; until 2026-06-01',
                  },
                },
              }
            : e,
        ),
      );
    }

    /**
     * Every kind of change a kept row's score or columns depend on: its
     * own entity, its owner's Group (members), its owner's count of ML
     * components, its System's Domain, a component gone, one new.
     */
    function after(all: Entity[]): Entity[] {
      const out: Entity[] = [];
      for (const e of all) {
        const { kind, metadata } = e;
        const name = metadata.name;
        if (kind === 'Component' && name === 'model-4') continue;
        let next: Entity = e;
        if (kind === 'Group' && name === 'solo') {
          next = {
            ...e,
            relations: [{ type: 'hasMember', targetRef: 'user:default/bob' }],
          };
        } else if (kind === 'Group' && name === 'big') {
          next = { ...e, relations: [] };
        } else if (kind === 'System' && name === 'sys-a') {
          next = { ...e, spec: { domain: 'lending' } };
        } else if (kind === 'System' && name === 'sys-b') {
          next = { ...e, spec: { domain: 'payments' } };
        } else if (kind === 'Component' && name === 'model-3') {
          next = {
            ...e,
            metadata: {
              ...metadata,
              annotations: {
                ...metadata.annotations,
                'mlops/monitoring': 'https://grafana/x',
              },
            },
          };
        } else if (kind === 'Component' && name === 'model-5') {
          next = { ...e, spec: { ...e.spec, owner: 'ghost' } };
        }
        out.push(next === e ? e : withEtag(next));
      }
      // A second component of "lone": its first one's target changes.
      out.push(
        withEtag(
          entity('Component', 'model-100', {
            metadata: {
              name: 'model-100',
              annotations: { 'mlops/model-registry': 'https://mlflow/y' },
            },
            spec: { type: 'ml-model', owner: 'lone' },
          }),
        ),
      );
      return out;
    }

    function firstRefresh(all: Entity[], random: () => number) {
      const scorer = new FleetScorer(defaultRubric, NOW);
      const got = scorer.addPage(shuffle(all, random));
      const rest = scorer.finish();
      expect(rest.again).toEqual([]);
      return storedSnapshot(
        [...got, ...rest.entries],
        rest.ownerFacts,
        new Map(scorer.systemDomainMap),
      );
    }

    it('keeps every row of an unchanged catalog, and gives the same snapshot', () => {
      const all = before();
      const want = expected(all);
      for (let seed = 1; seed <= 10; seed++) {
        const random = rng(seed);
        const stored = firstRefresh(all, random);
        const run = refreshWithIndex(
          shuffle(all, random),
          stored,
          random,
          NOW,
          0,
        );
        expect(run.snapshot).toEqual(want.entries);
        expect(run.kept).toBe(want.entries.length);
        expect(run.again).toBe(0);
        expect(run.scorer.keptEntityCount).toBe(want.entries.length);
        expect(run.scorer.entityCount).toBe(want.entries.length);
        expect(run.ownerFacts).toEqual(want.ownerFacts);
      }
    });

    it('gives the snapshot of scoring everything again, whatever changed and whenever the index comes', () => {
      const old = before();
      const all = after(old);
      const want = expected(all);
      const wantNextDay = expected(all, DAY_AFTER);
      // The waiver expired overnight: the same entity scores otherwise.
      const model23 = (entries: SnapshotEntry[]) =>
        entries.find(e => e.entityRef === 'component:default/model-23');
      expect(model23(wantNextDay.entries)).not.toEqual(model23(want.entries));
      const fromTheStart: Array<ReturnType<typeof refreshWithIndex>> = [];
      for (let seed = 1; seed <= 30; seed++) {
        const random = rng(seed);
        const now = seed % 2 ? NOW : DAY_AFTER;
        const stored = firstRefresh(old, random);
        const run = refreshWithIndex(
          shuffle(all, random),
          stored,
          random,
          now,
          seed % 3,
        );
        expect(run.snapshot).toEqual(
          (now === NOW ? want : wantNextDay).entries,
        );
        expect(run.scorer.entityCount).toBe(want.entries.length);
        if (seed % 3 === 0) fromTheStart.push(run);
      }
      // With the index from the first page: rows kept, and some of them
      // read again for their context.
      expect(fromTheStart.map(r => r.kept > 10 && r.again > 0)).toEqual(
        fromTheStart.map(() => true),
      );
      expect(fromTheStart).toHaveLength(10);
    });

    it('keeps nothing from entities without an etag', () => {
      const all = catalog();
      const random = rng(7);
      const stored = firstRefresh(all, random);
      expect([...stored.rows.values()].every(r => r.sourceKey === null)).toBe(
        true,
      );
      const run = refreshWithIndex(all, stored, random, NOW, 0);
      expect(run.kept).toBe(0);
      expect(run.snapshot).toEqual(expected(all).entries);
    });
  });
});
