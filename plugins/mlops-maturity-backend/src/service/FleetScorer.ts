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

import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AssessmentContextBuilder,
  MaturityRubric,
  OwnerFacts,
  PartialScore,
  completeScore,
  isMlComponent,
  ownerFactsOf,
  partialScoreOf,
  settledScore,
  settlingNeeds,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { SnapshotEntry } from '../database/MaturityStore';
import {
  SnapshotColumns,
  snapshotColumnsOf,
  snapshotEntryOf,
  toRef,
} from './snapshotEntry';

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
  private finished = false;

  constructor(
    private readonly rubric: MaturityRubric,
    /** The day waivers are compared with. */
    private readonly now: Date,
  ) {
    this.soFar = new AssessmentContextBuilder(rubric);
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
      const kind = entity.kind.toLocaleLowerCase('en-US');
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
        const partial = partialScoreOf(entity, {
          rubric: this.rubric,
          now: this.now,
        });
        if (partial.owner) {
          this.soFar.addOwnedMlComponent(partial.owner);
          touchedOwners.add(partial.owner);
        }
        fresh.push({ columns: snapshotColumnsOf(entity), partial });
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
   * completed with the context of the whole catalog, and the owner facts
   * that context holds.
   */
  finish(): { entries: SnapshotEntry[]; ownerFacts: Map<string, OwnerFacts> } {
    this.finished = true;
    const context = this.soFar.build();
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
    return {
      entries,
      ownerFacts: ownerFactsOf(this.soFar.ownerRefs(), context),
    };
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
    const options = { rubric: this.rubric };
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
