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

// The wire format of the backend's HTTP API, shared by the backend that
// answers and the frontend that asks, so the two cannot drift apart.

import type { MaturityAssessment } from '../types';

/**
 * Why an entity is (or is not) an ML component under the rubric in force.
 *
 * @public
 */
export interface MlComponentInfo {
  isMlComponent: boolean;
  reason: string;
}

/**
 * `GET /entities/:kind/:namespace/:name/assessment`: the live assessment of one ML component.
 *
 * @public
 */
export type EntityAssessmentResponse = MaturityAssessment & {
  mlComponent: MlComponentInfo;
};

/**
 * How fresh the backend's snapshot of the fleet is.
 *
 * @public
 */
export interface Freshness {
  /** When the snapshot was written; null before the first successful refresh. */
  generatedAt: string | null;
  /** Seconds since `generatedAt`. */
  dataAge: number | null;
  /**
   * True when the latest finished refresh failed (the snapshot is then the
   * one of an earlier refresh), or when no refresh has succeeded yet.
   * Optional: older backends do not send it.
   */
  stale?: boolean;
  /** The error of the latest finished refresh when it failed, else null. */
  lastError?: string | null;
  lastRefresh: {
    status: string;
    startedAt: string;
    finishedAt: string | null;
    error: string | null;
  } | null;
}

/**
 * The filters shared by the fleet list, its CSV export and the roll-ups.
 * Every given field must match.
 *
 * @public
 */
export interface FleetFilter {
  level?: number;
  minLevel?: number;
  maxLevel?: number;
  belowTarget?: boolean;
  /**
   * An entity ref (`group:default/team-a`) or a bare group name; several,
   * comma-separated (at most 100), match any of them.
   */
  owner?: string;
  /** An entity ref (`system:default/payments`) or a bare system name; several, comma-separated, match any. */
  system?: string;
  /** An entity ref (`domain:default/lending`) or a bare domain name; several, comma-separated, match any. */
  domain?: string;
  kind?: string;
  type?: string;
  lifecycle?: string;
  /** A check id of the rubric. */
  failingCheck?: string;
  waived?: boolean;
  /** Free text, matched against the entity ref and the title. */
  q?: string;
}

/**
 * Sort orders of the fleet list; a leading `-` sorts descending.
 *
 * @public
 */
export type FleetSort =
  | 'entityRef'
  | '-entityRef'
  | 'level'
  | '-level'
  | 'gap'
  | '-gap'
  | 'owner'
  | '-owner'
  | 'title'
  | '-title'
  | 'lastChangedAt'
  | '-lastChangedAt';

/**
 * A page request of the fleet list.
 *
 * @public
 */
export interface FleetQuery extends FleetFilter {
  sort?: FleetSort;
  /** Page size, 1 to 500 (50 when omitted). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * One ML component in the fleet list.
 *
 * @public
 */
export interface FleetRow {
  entityRef: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  domain: string | null;
  kind: string;
  lifecycle: string | null;
  type: string | null;
  level: number;
  levelName: string;
  targetLevel: number;
  claimedLevel: number | null;
  /** Levels still to climb to reach the target (0 at or above it). */
  gap: number;
  failingChecks: { count: number; ids: readonly string[] };
  waived: boolean;
  problems: number;
  lastChangedAt: string;
}

/**
 * Counts per level and per owner of the rows matching a filter.
 *
 * @public
 */
export interface FleetFacets {
  /** Number of components per level, keyed by the level number as a string. */
  levels: Record<string, number>;
  owners: Array<{ owner: string | null; count: number }>;
}

/**
 * `GET /fleet`: one page of the fleet.
 *
 * @public
 */
export interface FleetResponse extends Freshness {
  items: FleetRow[];
  /** Rows matching the filter, over all pages. */
  totalItems: number;
  nextCursor: string | null;
  facets: FleetFacets;
}

/**
 * What the fleet can be rolled up by.
 *
 * @public
 */
export type RollupBy = 'owner' | 'system' | 'domain';

/**
 * The maturity of one owner, System or Domain.
 *
 * @public
 */
export interface Rollup {
  /** The owner, System or Domain ref; null for components without one. */
  key: string | null;
  total: number;
  levels: Record<string, number>;
  atOrAboveTarget: number;
  /** From 0 to 1. */
  shareAtOrAboveTarget: number;
  medianLevel: number;
}

/**
 * `GET /rollups`.
 *
 * @public
 */
export interface RollupsResponse extends Freshness {
  by: RollupBy;
  items: Rollup[];
}

/**
 * A check whose result flipped between two assessments.
 *
 * @public
 */
export interface FlippedCheck {
  id: string;
  /** Whether it passed before. */
  from: boolean;
  /** Whether it passes now. */
  to: boolean;
}

/**
 * A recorded change of one ML component's level or check results.
 *
 * @public
 */
export interface MaturityChange {
  entityRef: string;
  changedAt: string;
  /** Null on the first assessment. */
  oldLevel: number | null;
  /** Null when the entity left the catalog. */
  newLevel: number | null;
  flippedChecks: FlippedCheck[];
}

/**
 * `GET /history/entity/:kind/:namespace/:name`.
 *
 * @public
 */
export interface EntityHistoryResponse extends Freshness {
  entityRef: string;
  /** The level after each recorded change, oldest first. */
  levels: Array<{ at: string; level: number | null }>;
  /** The recorded changes, newest first. */
  changes: MaturityChange[];
}

/**
 * `GET /history/fleet`: components per level, per day.
 *
 * @public
 */
export interface FleetHistoryResponse extends Freshness {
  days: Array<{ day: string; levels: Record<string, number> }>;
}

/**
 * `GET /changes`: the change log, newest first.
 *
 * @public
 */
export interface ChangesResponse {
  items: MaturityChange[];
  nextCursor: string | null;
}

/**
 * A page request of the change log.
 *
 * @public
 */
export interface ChangesQuery {
  limit?: number;
  cursor?: string;
}
