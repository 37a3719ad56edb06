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

/*
 * Accessible names (stable: the end-to-end tests use them):
 * - search form "Filter ML components" with the fields labelled "Search",
 *   "Level", "Failing check", "Owner", "System", "Lifecycle", "Type",
 *   "Waived", "Sort by" and the checkbox "Below target only"; button
 *   "Clear filters" when a filter is set;
 * - table "ML components" (sortable headers: Component, Owner, Level, Gap,
 *   Last change); its level chips are named "Level <n> <name>[, below target]";
 * - list "Components per level" with items "Level <n> <name>: <count>";
 * - table "Maturity per owner";
 * - link "Download CSV"; buttons "Previous page" and "Next page";
 * - status line "Showing <a>–<b> of <n> · data is <age> old (as of ...)";
 * - empty fleet: "No ML components yet" with "Example catalog-info.yaml".
 */

import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import { FleetFilter, FleetSort } from '../../api/types';
import { AnnotateExample } from '../common/AnnotateExample';
import { useRubric } from '../common/useRubric';
import { FleetFilters } from './FleetFilters';
import { FleetTable } from './FleetTable';
import { StaleDataWarning, freshnessText } from './Freshness';
import { LevelDistribution } from './LevelDistribution';
import { LevelsExplainer } from './LevelsExplainer';
import { OwnerRollup } from './OwnerRollup';
import {
  filterFromSearchParams,
  fleetSearchParams,
  hasFilter,
  sortFromSearchParams,
} from './filterParams';

const PAGE_SIZE = 25;

function CsvLink(props: { filter: FleetFilter; sort: FleetSort | undefined }) {
  const { filter, sort } = props;
  const api = useApi(mlopsMaturityApiRef);
  const query = useMemo(
    () => (sort ? { ...filter, sort } : filter),
    [filter, sort],
  );
  const key = JSON.stringify(query);
  const { value: href } = useAsync(
    () => api.getFleetCsvUrl(query),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );
  const [error, setError] = useState<Error>();
  if (!href) return null;
  const download = async (event: { preventDefault(): void }) => {
    // The backend wants the user's token, which a plain link does not send:
    // fetch the file with it and hand the browser a local copy.
    if (typeof URL.createObjectURL !== 'function') return;
    event.preventDefault();
    try {
      const csv = await api.getFleetCsv(query);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'mlops-maturity-fleet.csv';
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      {/* A plain link: the accessible name stays exactly "Download CSV". */}
      <MuiLink
        href={href}
        download="mlops-maturity-fleet.csv"
        onClick={download}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        <GetAppIcon fontSize="small" aria-hidden="true" />
        Download CSV
      </MuiLink>
      {error && (
        <Alert severity="error">
          Could not download the CSV: {error.message}
        </Alert>
      )}
    </>
  );
}

/**
 * The fleet scorecard without the page frame: filters, distribution and
 * roll-up, the full-width table, and the levels explainer.
 *
 * @public
 */
export function FleetScorecardContent() {
  const api = useApi(mlopsMaturityApiRef);
  const { rubric } = useRubric();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = useMemo(
    () => filterFromSearchParams(searchParams),
    [searchParams],
  );
  const sort = sortFromSearchParams(searchParams);
  const queryKey = fleetSearchParams(filter, sort).toString();
  // Cursors of the pages before the current one, and the current one.
  const [cursors, setCursors] = useState<string[]>([]);
  useEffect(() => setCursors([]), [queryKey]);
  const cursor = cursors[cursors.length - 1];

  const { value, loading, error } = useAsync(
    () =>
      api.getFleet({
        ...filter,
        ...(sort ? { sort } : {}),
        limit: PAGE_SIZE,
        cursor,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, queryKey, cursor],
  );

  // The owners to suggest: those of the last response not filtered by
  // owner, whose facets hold every owner under the other filters (with an
  // owner filter they would hold that owner alone).
  const [owners, setOwners] = useState<string[]>([]);
  useEffect(() => {
    if (value && !filter.owner) {
      setOwners(
        value.facets.owners.flatMap(o => (o.owner === null ? [] : [o.owner])),
      );
    }
  }, [value, filter.owner]);

  const onFilterChange = (next: FleetFilter) =>
    setSearchParams(fleetSearchParams(next, sort));
  const onSortChange = (next: FleetSort | undefined) =>
    setSearchParams(fleetSearchParams(filter, next));

  const pageStart = cursors.length * PAGE_SIZE;
  const emptyFleet = !!value && value.totalItems === 0 && !hasFilter(filter);
  const age = value ? freshnessText(value) : undefined;

  return (
    <Grid container spacing={3}>
      {value && (
        <Grid item xs={12}>
          <StaleDataWarning freshness={value} />
        </Grid>
      )}
      {emptyFleet ? (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No ML components yet"
            description="Nothing in the catalog is an ML component yet, or the first assessment has not run. Here is how to annotate one."
            action={<AnnotateExample mlTypes={rubric.mlTypes} />}
          />
        </Grid>
      ) : (
        <>
          <Grid item xs={12}>
            <FleetFilters
              filter={filter}
              sort={sort}
              rubric={rubric}
              onChange={onFilterChange}
              onSortChange={onSortChange}
              owners={owners}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            {value && (
              <LevelDistribution levels={value.facets.levels} rubric={rubric} />
            )}
          </Grid>
          <Grid item xs={12} md={6}>
            <OwnerRollup filter={filter} />
          </Grid>
          <Grid item xs={12}>
            {loading && <Progress />}
            {error && (
              <ResponseErrorPanel
                title="Could not load the ML components of the fleet"
                error={error}
              />
            )}
            {value && value.totalItems === 0 && (
              <EmptyState
                missing="data"
                title="No ML component matches these filters"
                description="Loosen or clear the filters to see more."
                action={
                  <Button variant="outlined" onClick={() => onFilterChange({})}>
                    Clear filters
                  </Button>
                }
              />
            )}
            {value && value.totalItems > 0 && (
              <>
                <FleetTable
                  rows={value.items}
                  sort={sort}
                  onSortChange={onSortChange}
                />
                <Box
                  display="flex"
                  alignItems="center"
                  justifyContent="space-between"
                  flexWrap="wrap"
                  gridGap={8}
                  mt={1}
                >
                  <Typography variant="body2" role="status">
                    Showing {pageStart + 1}–{pageStart + value.items.length} of{' '}
                    {value.totalItems}
                    {age ? ` · ${age}` : ''}
                  </Typography>
                  <Box display="flex" alignItems="center" gridGap={16}>
                    <CsvLink filter={filter} sort={sort} />
                    <Button
                      disabled={cursors.length === 0}
                      onClick={() => setCursors(c => c.slice(0, -1))}
                    >
                      Previous page
                    </Button>
                    <Button
                      disabled={!value.nextCursor}
                      onClick={() =>
                        value.nextCursor &&
                        setCursors(c => [...c, value.nextCursor as string])
                      }
                    >
                      Next page
                    </Button>
                  </Box>
                </Box>
              </>
            )}
          </Grid>
        </>
      )}
      <Grid item xs={12}>
        <LevelsExplainer rubric={rubric} />
      </Grid>
    </Grid>
  );
}

/**
 * The fleet scorecard page (`/mlops-maturity`): every ML component of the
 * catalog with its level, filterable and sortable, with the filter and the
 * sort order kept in the URL.
 *
 * @public
 */
export function FleetScorecardPage() {
  return (
    <Page themeId="tool">
      <Header
        title="MLOps Maturity"
        subtitle="Where every ML component stands on the five-level maturity model"
      />
      <Content>
        <FleetScorecardContent />
      </Content>
    </Page>
  );
}
