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

import { FleetFilter, FleetSort } from '../../api/types';

const NUMBER_KEYS = ['level', 'minLevel', 'maxLevel'] as const;
const BOOLEAN_KEYS = ['belowTarget', 'waived'] as const;
const TEXT_KEYS = [
  'owner',
  'system',
  'domain',
  'kind',
  'type',
  'lifecycle',
  'failingCheck',
  'q',
] as const;

/** The fleet filter held in the page's URL query (unknown or malformed values are dropped). */
export function filterFromSearchParams(params: URLSearchParams): FleetFilter {
  const filter: FleetFilter = {};
  for (const key of NUMBER_KEYS) {
    const raw = params.get(key);
    if (raw !== null && /^\d+$/.test(raw)) filter[key] = Number(raw);
  }
  for (const key of BOOLEAN_KEYS) {
    const raw = params.get(key);
    if (raw === 'true' || raw === 'false') filter[key] = raw === 'true';
  }
  for (const key of TEXT_KEYS) {
    const raw = params.get(key);
    if (raw !== null && raw.trim() !== '') filter[key] = raw.trim();
  }
  return filter;
}

/** The URL query of a fleet filter, with only the fields that are set. */
export function filterToSearchParams(filter: FleetFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of [...NUMBER_KEYS, ...BOOLEAN_KEYS, ...TEXT_KEYS]) {
    const value = filter[key];
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  return params;
}

/** Whether any filter is set. */
export function hasFilter(filter: FleetFilter): boolean {
  return filterToSearchParams(filter).toString() !== '';
}

/** The sort orders the fleet API accepts. */
export const FLEET_SORTS: readonly FleetSort[] = [
  'entityRef',
  '-entityRef',
  'level',
  '-level',
  'gap',
  '-gap',
  'owner',
  '-owner',
  'title',
  '-title',
  'lastChangedAt',
  '-lastChangedAt',
];

/** The sort order held in the page's URL query (`sort`), when it is a known one. */
export function sortFromSearchParams(
  params: URLSearchParams,
): FleetSort | undefined {
  const raw = params.get('sort');
  return raw !== null && (FLEET_SORTS as readonly string[]).includes(raw)
    ? (raw as FleetSort)
    : undefined;
}

/** The URL query of a fleet filter and sort order (the sort last). */
export function fleetSearchParams(
  filter: FleetFilter,
  sort: FleetSort | undefined,
): URLSearchParams {
  const params = filterToSearchParams(filter);
  if (sort) params.set('sort', sort);
  return params;
}
