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
import { FleetFilter, RollupBy } from '../../api/types';

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
 * reads `spec.owner`: a parent Group does not count its sub-groups' components.
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
