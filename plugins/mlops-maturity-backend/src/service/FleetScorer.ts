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
  /** Waiting members, by what they wait for: `o:` an owner, `s:` a System. */
  private readonly waiting = new Map<string, PendingMember[]>();
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
    const touched = new Set<string>();
    const fresh: PendingMember[] = [];
    for (const entity of page) {
      const kind = entity.kind.toLocaleLowerCase('en-US');
      if (kind === 'group' || kind === 'user') {
        for (const ref of this.soFar.add(orgPart(entity))) {
          touched.add(`o:${ref}`);
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
        touched.add(`s:${ref}`);
      }
      if (isMlComponent(entity, this.rubric)) {
        this.count++;
        const partial = partialScoreOf(entity, {
          rubric: this.rubric,
          now: this.now,
        });
        if (partial.owner) {
          this.soFar.addOwnedMlComponent(partial.owner);
          touched.add(`o:${partial.owner}`);
        }
        fresh.push({ columns: snapshotColumnsOf(entity), partial });
      }
    }
    // Those that waited first: the page may have settled them.
    for (const key of touched) {
      const members = this.waiting.get(key);
      if (!members) continue;
      this.waiting.delete(key);
      this.pendingCount -= members.length;
      for (const member of members) this.settle(member, out);
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
    for (const members of this.waiting.values()) {
      for (const { columns, partial } of members) {
        entries.push(
          snapshotEntryOf(
            columns,
            completeScore(partial, { rubric: this.rubric, context }),
            this.systemDomains,
          ),
        );
      }
    }
    this.waiting.clear();
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
      this.wait(`s:${system}`, member);
      return;
    }
    const score = settledScore(member.partial, this.soFar, {
      rubric: this.rubric,
    });
    if (!score) {
      // Only an owner's counts leave a score open.
      this.wait(`o:${member.partial.owner}`, member);
      return;
    }
    out.push(snapshotEntryOf(member.columns, score, this.systemDomains));
  }

  private wait(key: string, member: PendingMember) {
    const members = this.waiting.get(key);
    if (members) members.push(member);
    else this.waiting.set(key, [member]);
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
