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

import { hash } from 'node:crypto';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AssessmentContext,
  AssessmentContextBuilder,
  MaturityRubric,
  OwnerFacts,
  PartialScore,
  completeScore,
  isMlComponent,
  ownerFactsOf,
  ownerRefOf,
  partialScoreOf,
  settledScore,
  settlingNeeds,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { SnapshotEntry, StoredSnapshotIndex } from '../database/MaturityStore';
import {
  SnapshotColumns,
  snapshotColumnsOf,
  snapshotEntryOf,
  systemColumnOf,
  toRef,
} from './snapshotEntry';

/**
 * Bump when the engine or the snapshot's columns would give another row for
 * the same entity, rubric and context: stored rows are then scored again
 * rather than kept (see {@link FleetScorer.reuseKey}).
 */
const SCORE_REVISION = 1;

/** Whether two owner facts are the same (both absent counts as the same). */
function sameFacts(a: OwnerFacts | undefined, b: OwnerFacts | undefined) {
  return (
    a?.groupMemberCount === b?.groupMemberCount &&
    a?.mlComponentCount === b?.mlComponentCount
  );
}

/**
 * What the scorer keeps of an ML component whose score the catalog read so
 * far does not decide: far smaller than the entity.
 */
interface PendingMember {
  columns: SnapshotColumns;
  partial: PartialScore;
}

/**
 * Scores the ML components of a catalog as its pages are read, so that a
 * refresh can write them while it reads. A component's score needs the rest
 * of the catalog only through its owner (the Group's size, the owner's
 * count of ML components) and its System's Domain. Counts only grow as
 * pages come, so most scores are settled early: an owner Group with enough
 * members seen, an owner with enough ML components seen, a System seen. The
 * others wait, as a partial score, until the owner or System they wait for
 * changes, or until the end, when the whole catalog's context completes
 * them. The entries are those of assessing every component with the whole
 * catalog's context, in another order.
 *
 * @public
 */
export class FleetScorer {
  private readonly soFar: AssessmentContextBuilder;
  private readonly systemDomains = new Map<string, string>();
  private readonly systems = new Set<string>();
  /** Members waiting for a System, by System ref. */
  private readonly waitingForSystem = new Map<string, PendingMember[]>();
  /**
   * Members waiting for their owner's counts, by owner ref, then by what
   * they need (members, owned): checking a need once per owner and count
   * change, not each member, keeps a large owner that never settles (a
   * Group outside the catalog) from costing its members squared.
   */
  private readonly waitingForOwner = new Map<
    string,
    Map<string, { members: number; owned: number; list: PendingMember[] }>
  >();
  private pendingCount = 0;
  private count = 0;
  private keptCount = 0;
  private finished = false;
  private index?: StoredSnapshotIndex;
  /** Kept rows, by the owner and the System their scores read. */
  private readonly keptByOwner = new Map<string, string[]>();
  private readonly keptBySystem = new Map<string, string[]>();
  private readonly waiverPrefix: string;
  private readonly today: string;
  private context?: AssessmentContext;
  private readonly rubricOption: { rubric: MaturityRubric };

  constructor(
    private readonly rubric: MaturityRubric,
    /** The day waivers are compared with. */
    private readonly now: Date,
  ) {
    this.soFar = new AssessmentContextBuilder(rubric);
    this.rubricOption = { rubric };
    this.waiverPrefix = `${rubric.annotationPrefix}waiver.`;
    this.today = now.toISOString().slice(0, 10);
  }

  /**
   * What every score depends on besides the entity and its context: a
   * stored row is kept only when it was scored with the same key.
   */
  static reuseKey(rubric: MaturityRubric): string {
    return `r${SCORE_REVISION}:${hash(
      'sha256',
      JSON.stringify(rubric),
      'base64',
    )}`;
  }

  /**
   * From now on, an ML component whose stored row was scored from the same
   * entity (its etag) is kept instead of scored, unless its owner's facts
   * or its System's Domain turn out to have changed ({@link finish}).
   */
  useIndex(index: StoredSnapshotIndex | undefined): void {
    this.index = index;
  }

  /** ML components kept from the stored snapshot without being scored. */
  get keptEntityCount(): number {
    return this.keptCount;
  }

  /** The Domain of each System seen. */
  get systemDomainMap(): ReadonlyMap<string, string> {
    return this.systemDomains;
  }

  /**
   * What an entity's score is computed from besides its context: its etag,
   * which the catalog changes whenever the entity (relations included)
   * changes, and the day when a waiver makes the score depend on it.
   * Undefined when the entity has no etag (it is then always scored).
   * `partial`, the entity's partial score when it has one, tells about the
   * waivers without looking at the annotations again.
   */
  sourceKeyOf(entity: Entity, partial?: PartialScore): string | undefined {
    const etag = entity.metadata?.etag;
    if (typeof etag !== 'string' || !etag || etag.length > 200) {
      return undefined;
    }
    // Scoring has looked at every key already.
    const waiverKeys = partial?.waiverKeys ?? this.hasWaiverKeys(entity);
    return waiverKeys ? `${etag}@${this.today}` : etag;
  }

  private hasWaiverKeys(entity: Entity): boolean {
    const annotations = entity.metadata.annotations;
    if (annotations && typeof annotations === 'object') {
      for (const key of Object.keys(annotations)) {
        if (key.startsWith(this.waiverPrefix)) return true;
      }
    }
    return false;
  }

  /** ML components seen so far. */
  get entityCount(): number {
    return this.count;
  }

  /** ML components whose score still waits for more of the catalog. */
  get waitingCount(): number {
    return this.pendingCount;
  }

  /**
   * Takes one page of the catalog (entities of any kind, in any order) and
   * returns the entries it settles: of its own ML components, and of those
   * that waited for what it holds.
   */
  addPage(page: Entity[]): SnapshotEntry[] {
    if (this.finished) throw new Error('FleetScorer: the read is finished');
    const out: SnapshotEntry[] = [];
    const touchedOwners = new Set<string>();
    const touchedSystems = new Set<string>();
    const fresh: PendingMember[] = [];
    for (const entity of page) {
      const kind = kindOf(entity.kind);
      if (kind === 'group' || kind === 'user') {
        for (const ref of this.soFar.add(orgPart(entity))) {
          touchedOwners.add(ref);
        }
        continue;
      }
      if (kind === 'system') {
        const ref = stringifyEntityRef(entity);
        this.systems.add(ref);
        if (typeof entity.spec?.domain === 'string') {
          const domain = toRef(entity.spec.domain, 'domain', entity);
          if (domain) this.systemDomains.set(ref, domain);
        }
        touchedSystems.add(ref);
      }
      if (isMlComponent(entity, this.rubric)) {
        this.count++;
        if (this.index && this.keep(entity, touchedOwners)) continue;
        const partial = partialScoreOf(entity, {
          rubric: this.rubric,
          now: this.now,
        });
        if (partial.owner) {
          this.soFar.addOwnedMlComponent(partial.owner);
          touchedOwners.add(partial.owner);
        }
        // The engine's ref equals stringifyEntityRef's for any entity the
        // catalog serves (kind and name are validated non-empty strings).
        fresh.push({
          columns: this.columnsOf(entity, partial),
          partial,
        });
      }
    }
    // Those that waited first: the page may have settled them.
    for (const ref of touchedSystems) {
      const members = this.waitingForSystem.get(ref);
      if (!members) continue;
      this.waitingForSystem.delete(ref);
      this.pendingCount -= members.length;
      for (const member of members) this.settle(member, out);
    }
    for (const owner of touchedOwners) {
      const byNeed = this.waitingForOwner.get(owner);
      if (!byNeed) continue;
      const members = this.soFar.membersSoFar(owner);
      const owned = this.soFar.ownedSoFar(owner);
      for (const [key, need] of byNeed) {
        if (members < need.members || owned < need.owned) continue;
        byNeed.delete(key);
        this.pendingCount -= need.list.length;
        for (const member of need.list) this.settle(member, out);
      }
      if (byNeed.size === 0) this.waitingForOwner.delete(owner);
    }
    for (const member of fresh) this.settle(member, out);
    return out;
  }

  /**
   * After the last page: the entries of the components still waiting,
   * completed with the context of the whole catalog, the owner facts that
   * context holds, and the refs of kept rows whose owner's facts or
   * System's Domain changed: they must be read again and given to
   * {@link scoreAgain} (or released, when gone).
   */
  finish(): {
    entries: SnapshotEntry[];
    ownerFacts: Map<string, OwnerFacts>;
    again: string[];
  } {
    this.finished = true;
    const context = this.soFar.build();
    this.context = context;
    const entries: SnapshotEntry[] = [];
    const complete = ({ columns, partial }: PendingMember) =>
      entries.push(
        snapshotEntryOf(
          columns,
          completeScore(partial, { rubric: this.rubric, context }),
          this.systemDomains,
        ),
      );
    for (const members of this.waitingForSystem.values()) {
      members.forEach(complete);
    }
    for (const byNeed of this.waitingForOwner.values()) {
      for (const { list } of byNeed.values()) list.forEach(complete);
    }
    this.waitingForSystem.clear();
    this.waitingForOwner.clear();
    this.pendingCount = 0;
    const ownerFacts = ownerFactsOf(this.soFar.ownerRefs(), context);
    const again = new Set<string>();
    if (this.index) {
      const { index } = this;
      for (const [owner, refs] of this.keptByOwner) {
        if (!sameFacts(index.ownerFacts.get(owner), ownerFacts.get(owner))) {
          for (const ref of refs) again.add(ref);
        }
      }
      for (const [system, refs] of this.keptBySystem) {
        if (
          index.systemDomains.get(system) !== this.systemDomains.get(system)
        ) {
          for (const ref of refs) again.add(ref);
        }
      }
    }
    this.keptByOwner.clear();
    this.keptBySystem.clear();
    this.keptCount -= again.size;
    return { entries, ownerFacts, again: [...again] };
  }

  /**
   * The entry of a kept component read again after {@link finish}, scored
   * with the context of the whole catalog; undefined when it is no longer
   * an ML component.
   */
  scoreAgain(entity: Entity): SnapshotEntry | undefined {
    if (!this.context) throw new Error('FleetScorer: finish() comes first');
    if (!isMlComponent(entity, this.rubric)) return undefined;
    const partial = partialScoreOf(entity, {
      rubric: this.rubric,
      now: this.now,
    });
    const score = completeScore(partial, {
      rubric: this.rubric,
      context: this.context,
    });
    return snapshotEntryOf(
      this.columnsOf(entity, partial),
      score,
      this.systemDomains,
    );
  }

  /** The snapshot columns of an entity, with what it was scored from. */
  private columnsOf(entity: Entity, partial: PartialScore): SnapshotColumns {
    const columns = snapshotColumnsOf(entity, partial.entityRef);
    columns.sourceKey = this.sourceKeyOf(entity, partial) ?? null;
    return columns;
  }

  /**
   * Keeps the stored row of an ML component scored from the same entity;
   * false when it must be scored. A kept component still counts for its
   * owner, and is remembered by what may yet make its row stale.
   */
  private keep(entity: Entity, touchedOwners: Set<string>): boolean {
    const key = this.sourceKeyOf(entity);
    if (!key) return false;
    const ref = this.index!.keep(stringifyEntityRef(entity), key);
    if (!ref) return false;
    this.keptCount++;
    const owner = entity.spec ? ownerRefOf(entity) : undefined;
    if (owner) {
      this.soFar.addOwnedMlComponent(owner);
      touchedOwners.add(owner);
      const refs = this.keptByOwner.get(owner);
      if (refs) refs.push(ref);
      else this.keptByOwner.set(owner, [ref]);
    }
    const system = systemColumnOf(entity);
    if (system) {
      const refs = this.keptBySystem.get(system);
      if (refs) refs.push(ref);
      else this.keptBySystem.set(system, [ref]);
    }
    return true;
  }

  /** Emits the member's entry if it is settled; otherwise it waits. */
  private settle(member: PendingMember, out: SnapshotEntry[]) {
    const { system } = member.columns;
    if (system && !this.systems.has(system)) {
      const members = this.waitingForSystem.get(system);
      if (members) members.push(member);
      else this.waitingForSystem.set(system, [member]);
      this.pendingCount++;
      return;
    }
    const options = this.rubricOption;
    const score = settledScore(member.partial, this.soFar, options);
    if (score) {
      out.push(snapshotEntryOf(member.columns, score, this.systemDomains));
      return;
    }
    // Only an owner's counts leave a score open.
    const owner = member.partial.owner!;
    const need = settlingNeeds(member.partial, options);
    const key = `${need.members}/${need.owned}`;
    let byNeed = this.waitingForOwner.get(owner);
    if (!byNeed) this.waitingForOwner.set(owner, (byNeed = new Map()));
    const bucket = byNeed.get(key);
    if (bucket) bucket.list.push(member);
    else byNeed.set(key, { ...need, list: [member] });
    this.pendingCount++;
  }
}

/**
 * The kind in lower case, without calling the locale-aware lower-casing
 * for the kinds a catalog serves by the thousand.
 */
function kindOf(kind: string): string {
  switch (kind) {
    case 'Component':
      return 'component';
    case 'User':
      return 'user';
    case 'Group':
      return 'group';
    case 'System':
      return 'system';
    default:
      return kind.toLocaleLowerCase('en-US');
  }
}

/** What the context reads of a Group or User: its ref and its memberships. */
function orgPart(entity: Entity): Entity {
  const { apiVersion, kind, metadata, spec, relations } = entity;
  return {
    apiVersion,
    kind,
    metadata: { name: metadata.name, namespace: metadata.namespace },
    ...(spec?.memberOf === undefined
      ? {}
      : { spec: { memberOf: spec.memberOf } }),
    ...(relations === undefined ? {} : { relations }),
  };
}
