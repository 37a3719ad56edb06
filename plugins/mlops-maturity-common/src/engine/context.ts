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

import { MaturityEntity, MaturityRubric } from '../types';
import { defaultRubric } from '../rubric/defaultRubric';

/**
 * What the engine may learn about an entity from the rest of the catalog.
 * Every answer is optional: `undefined` means "not known", and the engine
 * then assumes nothing.
 *
 * @public
 */
export interface AssessmentContext {
  /** Number of members of a Group, by full lower-case ref; `undefined` when the Group is not known. */
  groupMemberCount(groupRef: string): number | undefined;
  /** Number of ML components an owner owns, by full lower-case ref; `undefined` when not known. */
  ownedMlComponentCount(ownerRef: string): number | undefined;
  /**
   * Optional: the owner an entity names, from the text of its `spec.owner`
   * and the entity's namespace, with what the two methods above answer
   * about it. The engine asks this, when present, instead of resolving the
   * text ({@link ownerRefOf}) and asking the two methods: in a context of a
   * large catalog each of those is a lookup in a table of thousands of
   * owners, and the lookups were most of the engine's time lost between 10k
   * and 100k components. The answer must agree with the two methods; the
   * engine reads it at once and does not keep it.
   */
  ownerByText?(text: string, namespace: string): ContextOwner;
}

/**
 * An owner as a context knows it: see {@link AssessmentContext.ownerByText}.
 *
 * @public
 */
export interface ContextOwner {
  /** The full lower-case ref; `undefined` when the text is not a ref. */
  readonly ref: string | undefined;
  /** What {@link AssessmentContext.groupMemberCount} answers for the ref. */
  readonly groupMemberCount: number | undefined;
  /** What {@link AssessmentContext.ownedMlComponentCount} answers for the ref. */
  readonly mlComponentCount: number | undefined;
}

/** The answer for an owner text that is not a ref. */
const NOT_A_REF: ContextOwner = Object.freeze({
  ref: undefined,
  groupMemberCount: undefined,
  mlComponentCount: undefined,
});

/**
 * A context that knows nothing: Group sizes and owner counts are unknown.
 *
 * @public
 */
export const emptyAssessmentContext: AssessmentContext = {
  groupMemberCount: () => undefined,
  ownedMlComponentCount: () => undefined,
};

/** Full lower-case ref of an entity, or `undefined` when its metadata is unusable. */
export function entityRefOf(entity: MaturityEntity): string | undefined {
  try {
    const { kind, metadata } = entity;
    if (typeof kind !== 'string' || !kind) return undefined;
    if (typeof metadata?.name !== 'string' || !metadata.name) return undefined;
    const namespace =
      typeof metadata.namespace === 'string' && metadata.namespace
        ? metadata.namespace
        : 'default';
    // What stringifyEntityRef returns for these parts, without the object
    // it takes: this runs for every entity assessed.
    return `${kind.toLowerCase()}:${namespace.toLowerCase()}/${metadata.name.toLowerCase()}`;
  } catch {
    return undefined;
  }
}

/**
 * Resolves a ref as written in a spec field (`spec.owner`, `spec.memberOf`,
 * `spec.system`): a bare name gets the default kind and namespace, as in
 * Backstage. `undefined` when it is not a ref.
 *
 * @public
 */
export function resolveRef(
  ref: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof ref !== 'string') return undefined;
  const text = ref.trim();
  // What `stringifyEntityRef(parseEntityRef(text, { defaultKind,
  // defaultNamespace }))` of @backstage/catalog-model gives, `undefined`
  // where it throws (a property test holds the two equal). Done here
  // because loading that package took half of the command line's start-up.
  let colon = text.indexOf(':');
  const slash = text.indexOf('/');
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? defaultKind : text.slice(0, colon);
  const namespace =
    slash === -1 ? defaultNamespace || 'default' : text.slice(colon + 1, slash);
  const name = text.slice(Math.max(colon + 1, slash + 1));
  if (!kind || !namespace || !name) return undefined;
  return `${kind.toLowerCase()}:${namespace.toLowerCase()}/${name.toLowerCase()}`;
}

/**
 * Refs resolved lately, by default kind, then default namespace, then the
 * text as written: a fleet names few owners, Systems and Domains, and a
 * refresh resolves them for every component. Nested rather than keyed by
 * one joined string, which would be built and hashed on every call. The
 * texts are the keys of prototype-less objects, for the reason given at
 * `AssessmentContextBuilder.byText`. Bounded, so that a catalog of unique
 * texts cannot grow it without end.
 */
const resolvedRefs = new Map<
  string,
  Map<string, Record<string, string | null | undefined>>
>();
let resolvedRefCount = 0;
const RESOLVED_REF_LIMIT = 20_000;

/**
 * {@link resolveRef}, remembering its answers: the same string for the same
 * text, so maps keyed by the ref hash it once.
 *
 * @public
 */
export function resolveRefCached(
  ref: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof ref !== 'string') return undefined;
  let ofKind = resolvedRefs.get(defaultKind);
  let inScope = ofKind?.get(defaultNamespace);
  const cached = inScope?.[ref];
  if (cached !== undefined) return cached ?? undefined;
  const resolved = resolveRef(ref, defaultKind, defaultNamespace);
  if (resolvedRefCount >= RESOLVED_REF_LIMIT) {
    resolvedRefs.clear();
    resolvedRefCount = 0;
    ofKind = undefined;
    inScope = undefined;
  }
  if (!ofKind) resolvedRefs.set(defaultKind, (ofKind = new Map()));
  if (!inScope) ofKind.set(defaultNamespace, (inScope = Object.create(null)));
  inScope![ref] = resolved ?? null;
  resolvedRefCount++;
  return resolved;
}

/**
 * The owner of an entity as a full lower-case ref, or `undefined`: the key
 * under which the engine asks its context about the owner.
 *
 * @public
 */
export function ownerRefOf(entity: MaturityEntity): string | undefined {
  return resolveRefCached(entity.spec?.owner, 'group', namespaceOf(entity));
}

function namespaceOf(entity: MaturityEntity): string {
  const namespace = entity.metadata?.namespace;
  return typeof namespace === 'string' && namespace ? namespace : 'default';
}

/**
 * The owner of an entity with the context's facts about it, in one lookup
 * when the context offers {@link AssessmentContext.ownerByText}.
 */
export function contextOwnerOf(
  entity: MaturityEntity,
  context: AssessmentContext,
): ContextOwner {
  const text = entity?.spec?.owner;
  if (typeof text !== 'string') return NOT_A_REF;
  const namespace = namespaceOf(entity);
  if (context.ownerByText) return context.ownerByText(text, namespace);
  const ref = resolveRefCached(text, 'group', namespace);
  if (!ref) return NOT_A_REF;
  return {
    ref,
    groupMemberCount: ref.startsWith('group:')
      ? context.groupMemberCount(ref)
      : undefined,
    mlComponentCount: context.ownedMlComponentCount(ref),
  };
}

function relationsOf(
  entity: MaturityEntity,
): Array<{ type?: unknown; targetRef?: unknown }> {
  return Array.isArray(entity.relations) ? entity.relations : [];
}

function annotationsOf(entity: MaturityEntity): Record<string, unknown> {
  const a = entity.metadata?.annotations;
  return a && typeof a === 'object' && !Array.isArray(a) ? a : {};
}

/**
 * Whether an entity is an ML component for the rubric: its `spec.type` is one
 * of the rubric's ML types, or it carries at least one annotation under the
 * rubric's prefix.
 *
 * @public
 */
export function isMlComponent(
  entity: MaturityEntity,
  rubric: Pick<MaturityRubric, 'mlTypes' | 'annotationPrefix'> = defaultRubric,
): boolean {
  const type = entity?.spec?.type;
  if (typeof type === 'string') {
    const t = type.trim().toLowerCase();
    for (const ml of rubric.mlTypes) {
      if (ml.toLowerCase() === t) return true;
    }
  }
  if (!entity?.metadata) return false;
  for (const key of Object.keys(annotationsOf(entity))) {
    if (key.startsWith(rubric.annotationPrefix)) return true;
  }
  return false;
}

/**
 * Builds an {@link AssessmentContext} from entities given one at a time, as a
 * fleet refresh reads them page by page. While it is fed, it tells how many
 * members a Group has and how many ML components an owner has *so far*:
 * lower bounds of the final counts, since entities only add to them.
 *
 * @public
 */
export class AssessmentContextBuilder {
  /**
   * What is known of each ref, in one map rather than one per fact: an
   * assessment asks about its owner's Group and ML components, and at 100k
   * components (4,000 Groups) three lookups of the same ref in three large
   * tables cost the engine about 3% of its rate.
   */
  private readonly refs = new Map<string, KnownRef>();
  /** Owners in the order their first ML component came. */
  private readonly owners: string[] = [];
  /**
   * The records answered by owner text, by namespace then text. Each
   * namespace's texts are the keys of a prototype-less object, not a Map:
   * short texts parsed from JSON are internalized strings, which V8 finds
   * in an object's dictionary in fewer cache misses than in a Map's table
   * (at 100k components, 7% of the engine's rate).
   */
  private readonly byText = new Map<string, Record<string, ContextOwner>>();
  private byTextCount = 0;

  constructor(
    private readonly rubric: Pick<
      MaturityRubric,
      'mlTypes' | 'annotationPrefix'
    > = defaultRubric,
  ) {}

  /**
   * Adds an entity: a Group and its members (`spec.members` and `hasMember`
   * relations), a User and its memberships, an ML component's owner. Returns the refs whose counts it
   * changed (Groups, or the owner).
   */
  add(entity: MaturityEntity): string[] {
    if (!entity || typeof entity !== 'object') return [];
    const ref = entityRefOf(entity);
    if (!ref) return [];
    const changed: string[] = [];
    const kind = ref.slice(0, ref.indexOf(':'));
    const namespace = ref.slice(ref.indexOf(':') + 1, ref.indexOf('/'));
    if (kind === 'group') {
      const group = this.known(ref);
      group.group = true;
      group.groupMemberCount = group.members?.size ?? 0;
      changed.push(ref);
      for (const rel of relationsOf(entity)) {
        if (rel?.type === 'hasMember' && typeof rel.targetRef === 'string') {
          this.addMember(ref, rel.targetRef.toLowerCase());
        }
      }
      // The catalog turns spec.members into those hasMember relations
      // (Users by default, in the Group's namespace), but files read by the
      // command line have no relations yet. A member named both ways is
      // counted once.
      const members = entity.spec?.members;
      for (const m of Array.isArray(members) ? members : [members]) {
        const memberRef = resolveRef(m, 'user', namespace);
        if (memberRef) this.addMember(ref, memberRef);
      }
    } else if (kind === 'user') {
      const memberOf = entity.spec?.memberOf;
      if (Array.isArray(memberOf)) {
        for (const g of memberOf) {
          const groupRef = resolveRef(g, 'group', namespace);
          if (groupRef) changed.push(this.addMember(groupRef, ref));
        }
      }
      for (const rel of relationsOf(entity)) {
        if (rel?.type === 'memberOf' && typeof rel.targetRef === 'string') {
          changed.push(this.addMember(rel.targetRef.toLowerCase(), ref));
        }
      }
    }
    if (isMlComponent(entity, this.rubric)) {
      const owner = ownerRefOf(entity);
      if (owner) {
        this.addOwnedMlComponent(owner);
        changed.push(owner);
      }
    }
    return changed;
  }

  /** Counts an ML component of the owner, when the entity itself is not kept. */
  addOwnedMlComponent(ownerRef: string): void {
    const known = this.known(ownerRef);
    if (known.mlComponentCount++ === 0) this.owners.push(ownerRef);
  }

  /** Members of the Group seen so far, whether or not the Group itself was. */
  membersSoFar(groupRef: string): number {
    return this.refs.get(groupRef)?.members?.size ?? 0;
  }

  /** ML components of the owner seen so far. */
  ownedSoFar(ownerRef: string): number {
    return this.refs.get(ownerRef)?.mlComponentCount ?? 0;
  }

  /** The owners of the ML components seen, by full lower-case ref. */
  ownerRefs(): IterableIterator<string> {
    return this.owners.values();
  }

  /**
   * The context of everything added: a Group that was not itself added is
   * not known, whatever memberships name it.
   */
  build(): AssessmentContext {
    const { refs } = this;
    return {
      groupMemberCount: ref => refs.get(ref)?.groupMemberCount,
      ownedMlComponentCount: ref => refs.get(ref)?.mlComponentCount ?? 0,
      ownerByText: (text, namespace) => this.ownerByText(text, namespace),
    };
  }

  /**
   * The owner a `spec.owner` text names in a namespace, found with one
   * lookup of the text once it has been asked: the answer is the ref's own
   * record, so it stays current as entities are added.
   */
  private ownerByText(text: string, namespace: string): ContextOwner {
    let inNamespace = this.byText.get(namespace);
    const known = inNamespace?.[text];
    if (known) return known;
    const ref = resolveRefCached(text, 'group', namespace);
    // An owner not (yet) in the catalog gets an empty record, which answers
    // as an absent one does (not a Group, no components).
    const answer = ref ? this.known(ref) : NOT_A_REF;
    if (this.byTextCount >= RESOLVED_REF_LIMIT) {
      this.byText.clear();
      this.byTextCount = 0;
      inNamespace = undefined;
    }
    if (!inNamespace) {
      this.byText.set(namespace, (inNamespace = Object.create(null)));
    }
    inNamespace![text] = answer;
    this.byTextCount++;
    return answer;
  }

  private known(ref: string): KnownRef {
    let known = this.refs.get(ref);
    if (!known) {
      known = {
        ref,
        group: false,
        members: undefined,
        groupMemberCount: undefined,
        mlComponentCount: 0,
      };
      this.refs.set(ref, known);
    }
    return known;
  }

  private addMember(groupRef: string, memberRef: string): string {
    const known = this.known(groupRef);
    (known.members ??= new Set()).add(memberRef);
    if (known.group) known.groupMemberCount = known.members.size;
    return groupRef;
  }
}

/**
 * What an {@link AssessmentContextBuilder} knows of one ref: the answer of
 * its context's `ownerByText`, kept current as entities are added.
 */
interface KnownRef extends ContextOwner {
  ref: string;
  /** The Group itself was added. */
  group: boolean;
  /** Members named so far, by the Group or by its members. */
  members: Set<string> | undefined;
  /** The members' number once the Group itself was added; else `undefined`. */
  groupMemberCount: number | undefined;
  /** ML components it owns. */
  mlComponentCount: number;
}

/**
 * Builds a context from a set of entities, as the CLI does with the files of
 * one run and a test does with a fixture: Group members come from Groups'
 * `spec.members`, Users' `spec.memberOf` and `hasMember`/`memberOf` relations; owner counts from
 * the ML components' `spec.owner`.
 *
 * @public
 */
export function buildAssessmentContext(
  entities: Iterable<MaturityEntity>,
  rubric: Pick<MaturityRubric, 'mlTypes' | 'annotationPrefix'> = defaultRubric,
): AssessmentContext {
  const builder = new AssessmentContextBuilder(rubric);
  for (const entity of entities) builder.add(entity);
  return builder.build();
}

/**
 * What an assessment needs to know about one owner. Kept with a snapshot so
 * that a later assessment of one entity can use the fleet's answer without
 * reading the owner's whole estate again.
 *
 * @public
 */
export interface OwnerFacts {
  /** Members of the owner's Group; absent when the owner is not a known Group. */
  groupMemberCount?: number;
  /** ML components the owner owns. */
  mlComponentCount: number;
}

/**
 * The facts a context holds about the owners of the given entities, by the
 * owner's full lower-case ref (the key {@link ownerRefOf} gives). Owner refs
 * may be given instead of entities.
 *
 * @public
 */
export function ownerFactsOf(
  entities: Iterable<MaturityEntity | string | undefined>,
  context: AssessmentContext,
): Map<string, OwnerFacts> {
  const facts = new Map<string, OwnerFacts>();
  for (const entity of entities) {
    let owner: string | undefined;
    if (typeof entity === 'string') owner = entity;
    else if (entity?.spec) owner = ownerRefOf(entity);
    if (!owner || facts.has(owner)) continue;
    const groupMemberCount = context.groupMemberCount(owner);
    facts.set(owner, {
      ...(groupMemberCount === undefined ? {} : { groupMemberCount }),
      mlComponentCount: context.ownedMlComponentCount(owner) ?? 0,
    });
  }
  return facts;
}

/**
 * A context that answers from owner facts (see {@link ownerFactsOf}); an
 * owner without facts is not known.
 *
 * @public
 */
export function contextFromOwnerFacts(
  facts: ReadonlyMap<string, OwnerFacts>,
): AssessmentContext {
  return {
    groupMemberCount: ref => facts.get(ref)?.groupMemberCount,
    ownedMlComponentCount: ref => facts.get(ref)?.mlComponentCount,
  };
}
