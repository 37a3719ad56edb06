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

import { TableColumn } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import {
  defaultRubric,
  MATURITY_LEVEL_LABEL,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { LevelChip } from '../common/LevelChip';

// Re-exported here, where apps built on this plugin have found it.
export { MATURITY_LEVEL_LABEL };

/**
 * The assessed level an entity's label says, or undefined when it has none
 * (or an unreadable one).
 *
 * @public
 */
export function getMaturityLevelLabel(entity: Entity): number | undefined {
  const raw = entity.metadata.labels?.[MATURITY_LEVEL_LABEL];
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

/**
 * A catalog table column showing the MLOps maturity level of each entity,
 * from its `mlops-maturity/level` label ('–' without one): a short chip
 * ("L2", the level's name in its tooltip), since the catalog's default
 * columns already fill a laptop's width; `fullNames: true` shows
 * "L2 Automated".
 *
 * @public
 */
export function createMaturityLevelColumn<
  T extends { entity: Entity },
>(options?: { title?: string; fullNames?: boolean }): TableColumn<T> {
  return {
    title: options?.title ?? 'MLOps level',
    field: `entity.metadata.labels["${MATURITY_LEVEL_LABEL}"]`,
    width: 'auto',
    customSort: (a: T, b: T) =>
      (getMaturityLevelLabel(a.entity) ?? -1) -
      (getMaturityLevelLabel(b.entity) ?? -1),
    customFilterAndSearch: (query: string, row: T) =>
      String(getMaturityLevelLabel(row.entity) ?? '').includes(query),
    render: (row: T) => {
      const level = getMaturityLevelLabel(row.entity);
      if (level === undefined)
        return <span aria-label="No maturity level">–</span>;
      return (
        <LevelChip
          level={level}
          name={defaultRubric.levels[level]?.name}
          short={!options?.fullNames}
        />
      );
    },
  };
}
