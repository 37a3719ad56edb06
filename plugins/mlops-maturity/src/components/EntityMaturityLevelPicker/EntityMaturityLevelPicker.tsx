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

import { useEffect, useMemo, useState } from 'react';
import { Entity } from '@backstage/catalog-model';
import {
  DefaultEntityFilters,
  EntityFilter,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import Checkbox from '@material-ui/core/Checkbox';
import type { FilterPredicate } from '@backstage/filter-predicates';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import FormControl from '@material-ui/core/FormControl';
import { defaultRubric } from '@mlops-maturity/plugin-mlops-maturity-common';
import { MATURITY_LEVEL_LABEL } from '../MaturityLevelColumn';

/**
 * A catalog list filter on the `mlops-maturity/level` label.
 *
 * @public
 */
export class EntityMaturityLevelFilter implements EntityFilter {
  constructor(readonly values: string[]) {}

  filterEntity(entity: Entity): boolean {
    const level = entity.metadata.labels?.[MATURITY_LEVEL_LABEL];
    return level !== undefined && this.values.includes(level);
  }

  getCatalogQuery(): FilterPredicate {
    return {
      [`metadata.labels.${MATURITY_LEVEL_LABEL}`]: { $in: this.values },
    };
  }

  getCatalogFilters(): Record<string, string[]> {
    return { [`metadata.labels.${MATURITY_LEVEL_LABEL}`]: this.values };
  }

  toQueryValue(): string[] {
    return this.values;
  }
}

/**
 * The catalog filters, with the maturity level filter.
 *
 * @public
 */
export type MaturityEntityFilters = DefaultEntityFilters & {
  mlopsMaturityLevel?: EntityMaturityLevelFilter;
};

/**
 * Props of {@link EntityMaturityLevelPicker}.
 *
 * @public
 */
export interface EntityMaturityLevelPickerProps {
  /** Levels to select at first (the URL query wins when it has some). */
  initialFilter?: string[];
}

/**
 * A catalog list filter picker: only entities at the chosen MLOps maturity levels.
 *
 * @public
 */
export function EntityMaturityLevelPicker(
  props: EntityMaturityLevelPickerProps,
) {
  const { updateFilters, queryParameters } =
    useEntityList<MaturityEntityFilters>();
  const fromQuery = useMemo(
    () =>
      [queryParameters.mlopsMaturityLevel]
        .flat()
        .filter((v): v is string => typeof v === 'string'),
    [queryParameters.mlopsMaturityLevel],
  );
  const [selected, setSelected] = useState<string[]>(
    fromQuery.length ? fromQuery : props.initialFilter ?? [],
  );

  useEffect(() => {
    updateFilters({
      mlopsMaturityLevel: selected.length
        ? new EntityMaturityLevelFilter(selected)
        : undefined,
    });
  }, [selected, updateFilters]);

  const toggle = (level: string) =>
    setSelected(s =>
      s.includes(level) ? s.filter(l => l !== level) : [...s, level].sort(),
    );

  return (
    <FormControl component="fieldset" margin="dense">
      <FormLabel component="legend">MLOps maturity level</FormLabel>
      <FormGroup>
        {defaultRubric.levels.map(l => {
          const value = String(l.level);
          return (
            <FormControlLabel
              key={value}
              control={
                <Checkbox
                  size="small"
                  checked={selected.includes(value)}
                  onChange={() => toggle(value)}
                />
              }
              label={`L${l.level} ${l.name}`}
            />
          );
        })}
      </FormGroup>
    </FormControl>
  );
}
