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
  RELATION_MEMBER_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { FleetFilter, RollupBy } from '../../api/types';

/** Owners one fleet filter takes at most (the backend's limit). */
export const MAX_OWNERS = 100;

/** Which ML components an entity's summary covers, and how to say so. */
export interface SummaryScope {
  by: RollupBy;
  filter: FleetFilter;
  /** "owned by this group", "in this system". */
  phrase: string;
}

/**
 * The ML components a Group or User owns, or a System or Domain holds; no
 * scope for other kinds. Ownership is direct, as the fleet's owner filter
 * reads `spec.owner`; {@link wideningOf} says how it may widen.
 */
export function summaryScopeOf(entity: Entity): SummaryScope | undefined {
  const ref = stringifyEntityRef(entity);
  switch (entity.kind.toLocaleLowerCase('en-US')) {
    case 'group':
      return {
        by: 'owner',
        filter: { owner: ref },
        phrase: 'owned by this group',
      };
    case 'user':
      return {
        by: 'owner',
        filter: { owner: ref },
        phrase: 'owned by this user',
      };
    case 'system':
      return {
        by: 'system',
        filter: { system: ref },
        phrase: 'in this system',
      };
    case 'domain':
      return {
        by: 'domain',
        filter: { domain: ref },
        phrase: 'in this domain',
      };
    default:
      return undefined;
  }
}

/**
 * Whether an entity has a maturity summary: Groups, Users, Systems and
 * Domains, whose ML components the card rolls up.
 *
 * @public
 */
export function hasMlopsMaturitySummary(entity: Entity): boolean {
  return summaryScopeOf(entity) !== undefined;
}

/** The Groups directly under a Group (its `parentOf` relations). */
export function childGroupsOf(entity: Entity): string[] {
  return (entity.relations ?? [])
    .filter(
      r => r.type === RELATION_PARENT_OF && r.targetRef.startsWith('group:'),
    )
    .map(r => r.targetRef);
}

/**
 * A Group and every Group under it, breadth first, at most
 * {@link MAX_OWNERS}; `truncated` when there were more. `readGroups` reads
 * Groups by ref (with their relations); one call per level of the tree.
 */
export async function groupTree(
  group: Entity,
  readGroups: (refs: string[]) => Promise<Array<Entity | undefined>>,
): Promise<{ refs: string[]; truncated: boolean }> {
  const seen = new Set([stringifyEntityRef(group)]);
  let frontier = childGroupsOf(group);
  while (frontier.length > 0) {
    const next = [...new Set(frontier)].filter(ref => !seen.has(ref));
    if (next.length === 0) break;
    const room = MAX_OWNERS - seen.size;
    if (next.length > room) {
      next.slice(0, room).forEach(ref => seen.add(ref));
      return { refs: [...seen], truncated: true };
    }
    next.forEach(ref => seen.add(ref));
    frontier = (await readGroups(next)).flatMap(e =>
      e ? childGroupsOf(e) : [],
    );
  }
  return { refs: [...seen], truncated: false };
}

/** A Group's scope widened to its sub-groups (all owners, comma-separated). */
export function withSubgroups(refs: string[]): SummaryScope {
  return {
    by: 'owner',
    filter: { owner: refs.join(',') },
    phrase: 'owned by this group and its sub-groups',
  };
}

/** The Groups a User is a member of (its `memberOf` relations). */
export function groupsOfUser(entity: Entity): string[] {
  return (entity.relations ?? [])
    .filter(
      r => r.type === RELATION_MEMBER_OF && r.targetRef.startsWith('group:'),
    )
    .map(r => r.targetRef);
}

/** A User's scope widened to their Groups. */
export function withTheirGroups(
  userRef: string,
  groups: string[],
): { scope: SummaryScope; truncated: boolean } {
  const owners = [...new Set([userRef, ...groups])];
  return {
    scope: {
      by: 'owner',
      filter: { owner: owners.slice(0, MAX_OWNERS).join(',') },
      phrase: 'owned by this user or their groups',
    },
    truncated: owners.length > MAX_OWNERS,
  };
}

/**
 * How an entity's summary may widen, as the catalog's ownership card does:
 * a Group to its sub-groups (off at first; it needs the catalog API to walk
 * the tree), a User to the Groups they belong to (on at first: most
 * components are owned by teams, not people). Undefined when it cannot.
 */
export function wideningOf(
  entity: Entity,
  canReadCatalog: boolean,
): { label: string; initiallyOn: boolean } | undefined {
  switch (entity.kind.toLocaleLowerCase('en-US')) {
    case 'group':
      return canReadCatalog && childGroupsOf(entity).length > 0
        ? { label: 'Include sub-groups', initiallyOn: false }
        : undefined;
    case 'user':
      return groupsOfUser(entity).length > 0
        ? { label: 'Include their groups', initiallyOn: true }
        : undefined;
    default:
      return undefined;
  }
}
