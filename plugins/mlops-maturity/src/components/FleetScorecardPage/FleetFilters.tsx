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

import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import { FleetFilter, FleetSort, RubricResponse } from '../../api/types';
import { CommitTextField } from './CommitTextField';
import { hasFilter } from './filterParams';

/** The sort orders offered in the "Sort by" control, in the order shown. */
export const SORT_OPTIONS: Array<{ value: FleetSort; label: string }> = [
  { value: 'title', label: 'Name (A–Z)' },
  { value: '-title', label: 'Name (Z–A)' },
  { value: 'level', label: 'Level (lowest first)' },
  { value: '-level', label: 'Level (highest first)' },
  { value: '-gap', label: 'Gap to target (largest first)' },
  { value: 'gap', label: 'Gap to target (smallest first)' },
  { value: '-lastChangedAt', label: 'Last change (newest first)' },
  { value: 'lastChangedAt', label: 'Last change (oldest first)' },
  { value: 'owner', label: 'Owner (A–Z)' },
];

function NativeSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: React.ReactNode;
}) {
  const { id, label, value, onChange, children } = props;
  return (
    <TextField
      id={id}
      select
      label={label}
      size="small"
      variant="outlined"
      fullWidth
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      value={value}
      onChange={e => onChange(e.target.value)}
    >
      {children}
    </TextField>
  );
}

/**
 * The filter bar of the fleet scorecard, on two rows of a Grid so that no
 * field is cut off: search, level, failing check, owner and System on the
 * first; lifecycle, type, waived, sort order and "Below target only" on the
 * second. Below the `md` breakpoint the fields wrap onto more rows.
 */
export function FleetFilters(props: {
  filter: FleetFilter;
  sort: FleetSort | undefined;
  rubric: RubricResponse;
  onChange: (filter: FleetFilter) => void;
  onSortChange: (sort: FleetSort | undefined) => void;
  /** Owners to suggest in the owner field, as entity refs. */
  owners?: string[];
}) {
  const { filter, sort, rubric, onChange, onSortChange, owners } = props;
  const set = (patch: Partial<FleetFilter>) =>
    onChange({ ...filter, ...patch });
  const sortOptions =
    sort && !SORT_OPTIONS.some(o => o.value === sort)
      ? [...SORT_OPTIONS, { value: sort, label: sort }]
      : SORT_OPTIONS;
  return (
    <Paper variant="outlined">
      <Box
        component="form"
        role="search"
        aria-label="Filter ML components"
        onSubmit={(e: React.FormEvent) => e.preventDefault()}
        p={2}
      >
        <Grid container spacing={2} alignItems="center">
          {/* Row 1 */}
          <Grid item xs={12} sm={6} md={3}>
            <CommitTextField
              id="mm-filter-q"
              label="Search"
              placeholder="name or title"
              value={filter.q}
              onCommit={q => set({ q })}
            />
          </Grid>
          <Grid item xs={6} sm={3} md={2}>
            <NativeSelect
              id="mm-filter-level"
              label="Level"
              value={filter.level === undefined ? '' : String(filter.level)}
              onChange={v => set({ level: v === '' ? undefined : Number(v) })}
            >
              <option value="">Any</option>
              {rubric.levels.map(l => (
                <option key={l.level} value={String(l.level)}>
                  L{l.level} {l.name}
                </option>
              ))}
            </NativeSelect>
          </Grid>
          <Grid item xs={6} sm={3} md={3}>
            <NativeSelect
              id="mm-filter-failing-check"
              label="Failing check"
              value={filter.failingCheck ?? ''}
              onChange={v => set({ failingCheck: v || undefined })}
            >
              <option value="">Any</option>
              {rubric.checks.map(c => (
                <option key={c.id} value={c.id}>
                  L{c.level} {c.id}
                </option>
              ))}
            </NativeSelect>
          </Grid>
          <Grid item xs={6} sm={6} md={2}>
            <CommitTextField
              id="mm-filter-owner"
              label="Owner"
              placeholder="group:default/team-a"
              suggestions={owners}
              value={filter.owner}
              onCommit={owner => set({ owner })}
            />
          </Grid>
          <Grid item xs={6} sm={6} md={2}>
            <CommitTextField
              id="mm-filter-system"
              label="System"
              placeholder="payments"
              value={filter.system}
              onCommit={system => set({ system })}
            />
          </Grid>

          {/* Row 2 */}
          <Grid item xs={6} sm={4} md={2}>
            <CommitTextField
              id="mm-filter-lifecycle"
              label="Lifecycle"
              placeholder="production"
              value={filter.lifecycle}
              onCommit={lifecycle => set({ lifecycle })}
            />
          </Grid>
          <Grid item xs={6} sm={4} md={2}>
            <CommitTextField
              id="mm-filter-type"
              label="Type"
              placeholder={rubric.mlTypes[0] ?? 'ml-model'}
              suggestions={rubric.mlTypes}
              value={filter.type}
              onCommit={type => set({ type })}
            />
          </Grid>
          <Grid item xs={6} sm={4} md={2}>
            <NativeSelect
              id="mm-filter-waived"
              label="Waived"
              value={filter.waived === undefined ? '' : String(filter.waived)}
              onChange={v =>
                set({ waived: v === '' ? undefined : v === 'true' })
              }
            >
              <option value="">Any</option>
              <option value="true">With a waiver</option>
              <option value="false">Without a waiver</option>
            </NativeSelect>
          </Grid>
          <Grid item xs={6} sm={6} md={3}>
            <NativeSelect
              id="mm-sort"
              label="Sort by"
              value={sort ?? ''}
              onChange={v => onSortChange((v || undefined) as FleetSort)}
            >
              <option value="">Entity ref (default)</option>
              {sortOptions.map(o => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </NativeSelect>
          </Grid>
          <Grid item xs={12} sm={6} md>
            <Box display="flex" alignItems="center" flexWrap="wrap">
              <FormControlLabel
                control={
                  <Checkbox
                    checked={filter.belowTarget === true}
                    onChange={e =>
                      set({ belowTarget: e.target.checked ? true : undefined })
                    }
                  />
                }
                label="Below target only"
              />
              {hasFilter(filter) && (
                <Button variant="text" onClick={() => onChange({})}>
                  Clear filters
                </Button>
              )}
            </Box>
          </Grid>
        </Grid>
      </Box>
    </Paper>
  );
}
