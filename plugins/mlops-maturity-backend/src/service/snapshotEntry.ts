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
  MaturityScore,
  resolveRefCached,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { SnapshotEntry } from '../database/MaturityStore';

/**
 * Text as a snapshot column can hold it on every database: without NUL
 * characters (PostgreSQL refuses them in text) and at most `max` characters
 * (the varchar(255) columns). Catalog data is not validated that far, and one
 * entity must not make the whole refresh fail.
 */
function column(value: string | null | undefined, max?: number): string | null {
  if (value === null || value === undefined) return null;
  const clean = value.includes('\u0000')
    ? value.split('\u0000').join('')
    : value;
  return max !== undefined && clean.length > max ? clean.slice(0, max) : clean;
}

function str(value: unknown, max?: number): string | null {
  return typeof value === 'string' && value.trim()
    ? column(value.trim(), max)
    : null;
}

/**
 * The snapshot columns that come from the entity itself. `domain` is the
 * entity's own `spec.domain`: its System's Domain, when it has one, wins
 * (known only once every System is read).
 *
 * @public
 */
export type SnapshotColumns = Omit<
  SnapshotEntry,
  | 'level'
  | 'targetLevel'
  | 'claimedLevel'
  | 'failingChecks'
  | 'waived'
  | 'problems'
>;

/**
 * The snapshot columns of an entity. `entityRef`, when the caller has
 * computed it already, saves computing it again.
 *
 * @public
 */
export function snapshotColumnsOf(
  entity: Entity,
  entityRef?: string,
): SnapshotColumns {
  return {
    entityRef: entityRef ?? stringifyEntityRef(entity),
    kind: entity.kind,
    namespace: entity.metadata.namespace || 'default',
    name: entity.metadata.name,
    title: str(entity.metadata.title),
    owner: column(toRef(entity.spec?.owner, 'group', entity), 255),
    system: systemColumnOf(entity),
    domain: column(toRef(entity.spec?.domain, 'domain', entity) ?? null, 255),
    type: str(entity.spec?.type, 255),
    lifecycle: str(entity.spec?.lifecycle, 255),
  };
}

/**
 * The System column of an entity: the key its System's Domain is looked up by.
 *
 * @public
 */
export function systemColumnOf(entity: Entity): string | null {
  return column(toRef(entity.spec?.system, 'system', entity) ?? null, 255);
}

/**
 * A snapshot entry from an entity's columns and its score.
 *
 * @public
 */
export function snapshotEntryOf(
  columns: SnapshotColumns,
  score: MaturityScore,
  systemDomains: ReadonlyMap<string, string>,
): SnapshotEntry {
  const systemDomain = columns.system
    ? systemDomains.get(columns.system)
    : undefined;
  // Every field written out rather than a spread of the columns with
  // `domain` given again: scoring the 100k bench fleet with FleetScorer
  // alone took 4% less CPU this way (875 against 909 ms).
  return {
    entityRef: columns.entityRef,
    kind: columns.kind,
    namespace: columns.namespace,
    name: columns.name,
    title: columns.title,
    owner: columns.owner,
    system: columns.system,
    domain:
      systemDomain === undefined ? columns.domain : column(systemDomain, 255),
    type: columns.type,
    lifecycle: columns.lifecycle,
    sourceKey: columns.sourceKey,
    level: score.level,
    targetLevel: score.targetLevel,
    claimedLevel: score.claimedLevel,
    failingChecks: score.failingChecks,
    waived: score.waivedChecks.length > 0,
    problems: score.errors + score.warnings,
  };
}

/**
 * Turns an entity and its score into a snapshot entry.
 *
 * @public
 */
export function toSnapshotEntry(
  entity: Entity,
  score: MaturityScore,
  systemDomains: ReadonlyMap<string, string>,
): SnapshotEntry {
  return snapshotEntryOf(snapshotColumnsOf(entity), score, systemDomains);
}

/** A ref as written in a spec field, made full (a bare name gets the default kind and the entity's namespace). */
export function toRef(
  value: unknown,
  defaultKind: string,
  entity: Entity,
): string | undefined {
  return resolveRefCached(
    value,
    defaultKind,
    entity.metadata.namespace || 'default',
  );
}
