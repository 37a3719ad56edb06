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
  AssessmentContext,
  AssessmentContextBuilder,
  MaturityEntity,
  assessEntity,
  buildAssessmentContext,
  contextFromOwnerFacts,
  ownerFactsOf,
  ownerRefOf,
  resolveRef,
  resolveRefCached,
} from '..';
import fc from 'fast-check';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ALL,
  LEVEL1,
  NOW,
  group,
  mlEntity,
  user,
} from '../__testUtils__/fixtures';

/** Owners of every shape the engine distinguishes. */
function fleet(): MaturityEntity[] {
  const owners = [
    'group:default/big-team', // three members, three components
    'big-team',
    'Group:Default/Big-Team',
    'solo', // one member
    'empty', // a Group without members
    'user:default/ann', // a User
    'group:default/outside', // not in the catalog
    'team-r', // resolved in namespace "risk"
  ];
  const components = owners.map((owner, i) =>
    mlEntity(i % 2 ? ALL : LEVEL1, {
      owner,
      name: `m-${i}`,
      ...(owner === 'team-r' ? { namespace: 'risk' } : {}),
    }),
  );
  components.push(mlEntity(ALL, { owner: null, name: 'no-owner' }));
  const members = (...names: string[]) =>
    names.map(n => ({ type: 'hasMember', targetRef: `user:default/${n}` }));
  return [
    { ...group('big-team'), relations: members('ann', 'bob') },
    user('cy', ['big-team']),
    group('solo'),
    user('dee', ['solo']),
    group('empty'),
    {
      ...group('team-r'),
      metadata: { name: 'team-r', namespace: 'risk' },
      relations: members('x', 'y'),
    },
    user('ann', []),
    ...components,
  ];
}

describe('AssessmentContextBuilder', () => {
  it('counts members and owned components so far, and knows only Groups it was given', () => {
    const builder = new AssessmentContextBuilder();
    // A member names the Group before the Group itself comes.
    builder.add(user('ann', ['ml-team']));
    expect(builder.membersSoFar('group:default/ml-team')).toBe(1);
    const context = builder.build();
    expect(context.groupMemberCount('group:default/ml-team')).toBeUndefined();

    builder.add({
      ...group('ml-team', ['ann', 'bob']),
      relations: [{ type: 'hasMember', targetRef: 'user:default/cy' }],
    });
    // The context built before sees what was added since.
    expect(context.groupMemberCount('group:default/ml-team')).toBe(3);
    expect(context.groupMemberCount('group:default/other')).toBeUndefined();

    expect(builder.ownedSoFar('group:default/ml-team')).toBe(0);
    builder.add(mlEntity(LEVEL1, { owner: 'solo', name: 'a' }));
    builder.add(mlEntity(LEVEL1, { owner: 'ml-team', name: 'b' }));
    builder.add(mlEntity(LEVEL1, { owner: 'solo', name: 'c' }));
    builder.addOwnedMlComponent('user:default/ann');
    expect(builder.ownedSoFar('group:default/solo')).toBe(2);
    expect(context.ownedMlComponentCount('group:default/ml-team')).toBe(1);
    expect(context.ownedMlComponentCount('group:default/none')).toBe(0);
    // In the order of each owner's first ML component, whatever came before.
    expect([...builder.ownerRefs()]).toEqual([
      'group:default/solo',
      'group:default/ml-team',
      'user:default/ann',
    ]);
  });
});

describe("the built context's owner by text", () => {
  const texts = fc.string({
    unit: fc.constantFrom('b', 'I', 'g', '-', ':', '/', ' ', 'group', 'user'),
    maxLength: 6,
  });
  const namespaces = fc.constantFrom('default', 'risk', 'Risk');

  /** What the engine would learn without it: the ref, then the two counts. */
  function expected(
    context: AssessmentContext,
    text: string,
    namespace: string,
  ) {
    const ref = resolveRef(text, 'group', namespace);
    return {
      ref,
      groupMemberCount: ref ? context.groupMemberCount(ref) : undefined,
      mlComponentCount: ref ? context.ownedMlComponentCount(ref) : undefined,
    };
  }

  it('answers as resolving the text and asking for both counts does, and stays current', () => {
    const builder = new AssessmentContextBuilder();
    const context = builder.build();
    const byText = context.ownerByText!;
    const asked = fc.sample(fc.tuple(texts, namespaces), 300);
    asked.push(
      ['big-team', 'default'],
      ['Group:Default/Big-Team', 'risk'],
      ['team-r', 'risk'],
      ['user:ann', 'default'],
      ['solo', 'default'],
      ['outside', 'default'],
      // Texts that name what every object has, or an array index.
      ['__proto__', 'default'],
      ['constructor', 'default'],
      ['toString', 'risk'],
      ['123', 'default'],
    );
    // Asked before the catalog is read, then again after: an answer given
    // early is the ref's record, not a copy of its counts at the time.
    const early = asked.map(([text, namespace]) => byText(text, namespace));
    expect(early[asked.length - 10]).toMatchObject({
      ref: 'group:default/big-team',
      groupMemberCount: undefined,
      mlComponentCount: 0,
    });
    for (const entity of fleet()) builder.add(entity);
    asked.forEach(([text, namespace], i) => {
      const want = expected(context, text, namespace);
      expect(early[i]).toMatchObject(want);
      expect(byText(text, namespace)).toMatchObject(want);
    });
    expect(byText('big-team', 'default')).toMatchObject({
      groupMemberCount: 3,
      mlComponentCount: 3,
    });
    expect(byText('team-r', 'risk')).toMatchObject({
      ref: 'group:risk/team-r',
      groupMemberCount: 2,
    });
    expect(byText('__proto__', 'default').ref).toBe('group:default/__proto__');
    expect(byText('constructor', 'default').mlComponentCount).toBe(0);
    expect(byText('user:ann', 'default')).toMatchObject({
      groupMemberCount: undefined,
      mlComponentCount: 1,
    });

    fc.assert(
      fc.property(texts, namespaces, (text, namespace) => {
        expect(byText(text, namespace)).toMatchObject(
          expected(context, text, namespace),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('stays right past the number of texts it remembers', () => {
    const builder = new AssessmentContextBuilder();
    builder.add(group('t-1'));
    const byText = builder.build().ownerByText!;
    for (let i = 0; i < 25_000; i++) {
      expect(byText(`t-${i}`, 'ns').ref).toBe(`group:ns/t-${i}`);
    }
    expect(byText('t-1', 'default')).toMatchObject({
      ref: 'group:default/t-1',
      groupMemberCount: 0,
    });
  });

  it('gives the engine the same assessments as the counts asked one by one', () => {
    const entities = fleet();
    const full = buildAssessmentContext(entities);
    const oneByOne: AssessmentContext = {
      groupMemberCount: ref => full.groupMemberCount(ref),
      ownedMlComponentCount: ref => full.ownedMlComponentCount(ref),
    };
    for (const entity of entities.filter(e => e.kind === 'Component')) {
      expect(assessEntity(entity, { context: full, now: NOW })).toEqual(
        assessEntity(entity, { context: oneByOne, now: NOW }),
      );
    }
  });
});

describe('owner facts', () => {
  it('give every ML component the assessment the full context gives', () => {
    const entities = fleet();
    const full = buildAssessmentContext(entities);
    const facts = ownerFactsOf(entities, full);
    const fromFacts = contextFromOwnerFacts(facts);
    const components = entities.filter(e => e.kind === 'Component');
    expect(components).toHaveLength(9);
    for (const entity of components) {
      expect(assessEntity(entity, { context: fromFacts, now: NOW })).toEqual(
        assessEntity(entity, { context: full, now: NOW }),
      );
    }
  });

  it('hold each owner once, by the key the engine asks for', () => {
    const entities = fleet();
    const facts = ownerFactsOf(entities, buildAssessmentContext(entities));
    expect(Object.fromEntries(facts)).toEqual({
      'group:default/big-team': { groupMemberCount: 3, mlComponentCount: 3 },
      'group:default/solo': { groupMemberCount: 1, mlComponentCount: 1 },
      'group:default/empty': { groupMemberCount: 0, mlComponentCount: 1 },
      'user:default/ann': { mlComponentCount: 1 },
      'group:default/outside': { mlComponentCount: 1 },
      'group:risk/team-r': { groupMemberCount: 2, mlComponentCount: 1 },
    });
    for (const key of facts.keys()) {
      expect(entities.some(e => e.spec?.owner && ownerRefOf(e) === key)).toBe(
        true,
      );
    }
  });

  it('know nothing of an owner they do not hold', () => {
    const context = contextFromOwnerFacts(new Map());
    expect(context.groupMemberCount('group:default/big-team')).toBeUndefined();
    expect(
      context.ownedMlComponentCount('group:default/big-team'),
    ).toBeUndefined();
  });
});

describe('Group members', () => {
  it("come from the Group's spec.members as from hasMember relations, each once", () => {
    const context = buildAssessmentContext([
      // Listed in the spec only, as in a file the catalog has not processed.
      group('listed', ['ana', 'User:Default/Ben', 'group:default/sub']),
      // Listed and related (what the catalog returns), and a User saying so.
      {
        ...group('both', ['ana', 'ben']),
        relations: [
          { type: 'hasMember', targetRef: 'user:default/ana' },
          { type: 'hasMember', targetRef: 'user:default/ben' },
        ],
      },
      user('ana', ['both']),
      // Members are Users of the Group's namespace unless they say otherwise.
      {
        ...group('team-r'),
        metadata: { name: 'team-r', namespace: 'risk' },
        spec: { type: 'team', children: [], members: ['x', 'user:risk/x'] },
      },
      // Not a list of refs: nothing is counted, nothing throws.
      { ...group('odd'), spec: { type: 'team', members: [7, '', null] } },
      { ...group('text'), spec: { type: 'team', members: 'solo' } },
    ]);
    expect(context.groupMemberCount('group:default/listed')).toBe(3);
    expect(context.groupMemberCount('group:default/both')).toBe(2);
    expect(context.groupMemberCount('group:risk/team-r')).toBe(1);
    expect(context.groupMemberCount('group:default/odd')).toBe(0);
    expect(context.groupMemberCount('group:default/text')).toBe(1);
  });
});

describe('resolveRef', () => {
  /** What Backstage itself resolves the text to, or undefined where it throws. */
  function backstage(ref: string, kind: string, namespace: string) {
    if (!ref.trim()) return undefined;
    try {
      return stringifyEntityRef(
        parseEntityRef(ref.trim(), {
          defaultKind: kind,
          defaultNamespace: namespace,
        }),
      );
    } catch {
      return undefined;
    }
  }

  it('resolves every text as @backstage/catalog-model does', () => {
    const part = fc.string({
      unit: fc.constantFrom('a', 'B', '-', ':', '/', ' ', '.', 'é'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        part,
        fc.constantFrom('', 'group', 'User'),
        fc.constantFrom('', 'default', 'Risk'),
        (ref, kind, namespace) => {
          expect(resolveRef(ref, kind, namespace)).toBe(
            backstage(ref, kind, namespace),
          );
        },
      ),
      { numRuns: 5000 },
    );
    for (const [ref, expected] of [
      ['team-a', 'group:default/team-a'],
      ['Group:Risk/Team-A', 'group:risk/team-a'],
      ['user:ada', 'user:default/ada'],
      ['risk/team-a', 'group:risk/team-a'],
      ['a/b:c', 'group:a/b:c'],
      ['group:', undefined],
      [':team', undefined],
      ['risk/', undefined],
    ] as const) {
      expect(resolveRef(ref, 'group', 'default')).toBe(expected);
      expect(backstage(ref, 'group', 'default')).toBe(expected);
    }
  });
});

describe('resolveRefCached', () => {
  it('answers as resolveRef does, asked twice, per kind and namespace', () => {
    const asks: Array<[unknown, string, string]> = [
      ['ml-team', 'group', 'default'],
      ['ml-team', 'group', 'risk'],
      ['ml-team', 'system', 'risk'],
      ['User:Ada', 'group', 'risk'],
      ['group:', 'group', 'default'],
      ['  ', 'group', 'default'],
      [7, 'group', 'default'],
      // Texts that name what every object has, or an array index.
      ['__proto__', 'group', 'default'],
      ['constructor', 'group', 'default'],
      ['valueOf', 'user', 'risk'],
      ['42', 'group', 'default'],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [ref, kind, namespace] of asks) {
        expect(resolveRefCached(ref, kind, namespace)).toBe(
          resolveRef(ref, kind, namespace),
        );
      }
    }
    expect(resolveRefCached('ml-team', 'group', 'risk')).toBe(
      'group:risk/ml-team',
    );
    expect(resolveRefCached('__proto__', 'group', 'default')).toBe(
      'group:default/__proto__',
    );
  });

  it('gives the owner ref of an entity in its namespace', () => {
    const owned = (namespace: string | undefined): MaturityEntity => ({
      kind: 'Component',
      metadata: { name: 'm', ...(namespace ? { namespace } : {}) },
      spec: { owner: 'Team-A' },
    });
    expect(ownerRefOf(owned(undefined))).toBe('group:default/team-a');
    expect(ownerRefOf(owned('risk'))).toBe('group:risk/team-a');
    expect(ownerRefOf(owned(undefined))).toBe('group:default/team-a');
  });

  it('stays right past the number of refs it remembers', () => {
    for (let i = 0; i < 25_000; i++) {
      expect(resolveRefCached(`t-${i}`, 'group', 'ns')).toBe(`group:ns/t-${i}`);
    }
    expect(resolveRefCached('t-1', 'group', 'ns')).toBe('group:ns/t-1');
  });
});
