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
 * - region "MLOps maturity of ML components": the card;
 * - list "Components per level", items "Level <n> <name>: <count>";
 * - table "Furthest below target": the components below their target,
 *   largest gap first, each with its level chip;
 * - link "See all <n> in the fleet scorecard" ("See it …" for one): the fleet
 *   page, filtered;
 * - switch "Include sub-groups" on Groups with sub-groups, "Include their
 *   groups" on Users who belong to one.
 */

import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useApiHolder, useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityRefLink,
  catalogApiRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { combineRollups } from '@mlops-maturity/plugin-mlops-maturity-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import {
  FleetFilter,
  FleetResponse,
  Rollup,
  RollupsResponse,
  RubricResponse,
} from '../../api/types';
import { rootRouteRef } from '../../routes';
import { LevelChip } from '../common/LevelChip';
import { useRubric } from '../common/useRubric';
import { filterToSearchParams } from '../FleetScorecardPage/filterParams';
import {
  StaleDataWarning,
  freshnessText,
  isStale,
} from '../FleetScorecardPage/Freshness';
import {
  MAX_OWNERS,
  SummaryScope,
  groupTree,
  groupsOfUser,
  summaryScopeOf,
  wideningOf,
  withSubgroups,
  withTheirGroups,
} from './scope';

const useStyles = makeStyles(theme => ({
  levels: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(5.5rem, 1fr))',
    gap: theme.spacing(1),
  },
  level: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.75, 1),
  },
  count: {
    fontVariantNumeric: 'tabular-nums',
    fontWeight: theme.typography.fontWeightBold as number,
  },
  numeric: { fontVariantNumeric: 'tabular-nums' },
}));

function LevelCounts(props: {
  levels: Record<string, number>;
  rubric: RubricResponse;
}) {
  const classes = useStyles();
  return (
    <ul className={classes.levels} aria-label="Components per level">
      {props.rubric.levels.map(l => {
        const count = props.levels[String(l.level)] ?? 0;
        return (
          <li
            key={l.level}
            className={classes.level}
            aria-label={`Level ${l.level} ${l.name}: ${count}`}
          >
            <Typography variant="h6" component="div" className={classes.count}>
              {count}
            </Typography>
            <Typography variant="caption" color="textSecondary" noWrap>
              L{l.level} {l.name}
            </Typography>
          </li>
        );
      })}
    </ul>
  );
}

/** The fleet page's URL for a filter, when the page is mounted in the app. */
function useFleetLink(filter: FleetFilter): string | undefined {
  let root: string | undefined;
  try {
    // Throws in the legacy system when the page is not mounted; undefined in
    // the new one.
    const fleetRoute = useRouteRef(rootRouteRef);
    root = fleetRoute?.();
  } catch {
    root = undefined;
  }
  return root ? `${root}?${filterToSearchParams(filter)}` : undefined;
}

/**
 * Props of the maturity summary card.
 *
 * @public
 */
export interface EntityMaturitySummaryCardProps {
  /** Components listed below their target at most, 1 to 50; 5 by default. */
  limit?: number;
}

interface Summary {
  scope: SummaryScope;
  /** Sub-groups were left out past {@link MAX_OWNERS} Groups. */
  truncated: boolean;
  rollups: RollupsResponse;
  /** The roll-ups of every owner in scope, as one. */
  rollup: Rollup;
  below: FleetResponse;
}

/**
 * A card for Group, User, System and Domain pages: how their ML components
 * stand — components per level, how many meet their target, the median
 * level, and the ones furthest below target — from the latest assessment of
 * the fleet, limited to what the viewer may see.
 *
 * @public
 */
export function EntityMaturitySummaryCard(
  props: EntityMaturitySummaryCardProps = {},
) {
  // Within what the fleet route takes; 5 for a missing or non-numeric limit.
  const limit = Number.isFinite(props.limit)
    ? Math.max(1, Math.min(50, Math.floor(props.limit!)))
    : 5;
  const { entity } = useEntity();
  const classes = useStyles();
  const api = useApi(mlopsMaturityApiRef);
  const { rubric } = useRubric();
  // Only the sub-groups need the catalog: without its API, no switch.
  const catalogApi = useApiHolder().get(catalogApiRef);
  const entityRef = stringifyEntityRef(entity);
  const direct = summaryScopeOf(entity);
  const widening = wideningOf(entity, catalogApi !== undefined);
  // The viewer's choice holds for the entity it was made on.
  const [choice, setChoice] = useState<{ ref: string; on: boolean }>();
  const widened =
    widening !== undefined &&
    (choice?.ref === entityRef ? choice.on : widening.initiallyOn);
  const { value, loading, error } = useAsyncRetry(async (): Promise<
    Summary | undefined
  > => {
    if (!direct) return undefined;
    let scope = direct;
    let truncated = false;
    if (widened && entity.kind.toLocaleLowerCase('en-US') === 'user') {
      ({ scope, truncated } = withTheirGroups(entityRef, groupsOfUser(entity)));
    } else if (widened && catalogApi) {
      const tree = await groupTree(entity, async refs => {
        const { items } = await catalogApi.getEntitiesByRefs({
          entityRefs: refs,
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
        });
        return items;
      });
      scope = withSubgroups(tree.refs);
      truncated = tree.truncated;
    }
    const [rollups, below] = await Promise.all([
      api.getRollups(scope.by, scope.filter),
      api.getFleet({
        ...scope.filter,
        belowTarget: true,
        sort: '-gap',
        limit,
      }),
    ]);
    const rollup = combineRollups(entityRef, rollups.items);
    return { scope, truncated, rollups, rollup, below };
    // The entity by its ref: its object may be new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, catalogApi, entityRef, widened, limit]);
  const fleetLink = useFleetLink(value?.scope.filter ?? direct?.filter ?? {});

  const title = 'MLOps maturity';
  let content: JSX.Element | null;
  // Before an answer (or after an error), what the viewer asked for.
  let scope = value?.scope ?? direct;
  if (!value && direct && widened) {
    scope =
      entity.kind.toLocaleLowerCase('en-US') === 'user'
        ? withTheirGroups(entityRef, []).scope
        : withSubgroups([]);
  }
  const toggle = widening ? (
    <FormControlLabel
      control={
        <Switch
          color="primary"
          checked={widened}
          onChange={(_, on) => setChoice({ ref: entityRef, on })}
        />
      }
      label={widening.label}
    />
  ) : undefined;
  if (!scope) {
    content = (
      <InfoCard title={title}>
        <Typography variant="body2">
          The maturity summary is for Groups, Users, Systems and Domains; this
          is a {entity.kind}.
        </Typography>
      </InfoCard>
    );
  } else if (loading) {
    content = (
      <InfoCard title={title} action={toggle}>
        <Progress />
      </InfoCard>
    );
  } else if (error) {
    content = (
      <>
        {toggle}
        <ResponseErrorPanel
          title={`Could not load the maturity of the ML components ${scope.phrase}`}
          error={error}
        />
      </>
    );
  } else if (value) {
    const { rollups, rollup, below, truncated } = value;
    const total = rollup.total;
    const atTarget = rollup.atOrAboveTarget;
    const freshness = freshnessText(rollups);
    content = (
      <InfoCard
        title={title}
        action={toggle}
        subheader={`${total} ML component${total === 1 ? '' : 's'} ${
          scope.phrase
        }`}
        deepLink={
          fleetLink && total > 0
            ? {
                title:
                  total === 1
                    ? 'See it in the fleet scorecard'
                    : `See all ${total} in the fleet scorecard`,
                link: fleetLink,
              }
            : undefined
        }
      >
        <StaleDataWarning freshness={rollups} />
        {truncated && (
          <Typography variant="body2" color="textSecondary" gutterBottom>
            Only the first {MAX_OWNERS} owners are counted.
          </Typography>
        )}
        {total === 0 ? (
          <Typography variant="body2">
            {rollups.generatedAt
              ? `No ML components ${scope.phrase} that you may see. A component counts once the latest assessment found it (an ML spec.type or an mlops/ annotation).`
              : // The warning above says it, when the backend marks the data stale.
                !isStale(rollups) &&
                'No assessment of the catalog has finished yet. The figures appear after the first one.'}
          </Typography>
        ) : (
          <>
            <Box mb={2}>
              <LevelCounts levels={rollup.levels} rubric={rubric} />
            </Box>
            <Typography variant="body1" gutterBottom>
              {atTarget} of {total} at or above target (
              {Math.round((100 * atTarget) / total)}%) · median level{' '}
              {rollup.medianLevel}
            </Typography>
            {below.items.length > 0 && (
              <Table size="small" aria-label="Furthest below target">
                <TableHead>
                  <TableRow>
                    <TableCell>Furthest below target</TableCell>
                    <TableCell>Level</TableCell>
                    <TableCell align="right">Target</TableCell>
                    <TableCell align="right">Gap</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {below.items.map(row => (
                    <TableRow key={row.entityRef}>
                      <TableCell>
                        <EntityRefLink entityRef={row.entityRef}>
                          {row.title ?? undefined}
                        </EntityRefLink>
                      </TableCell>
                      <TableCell>
                        <LevelChip
                          level={row.level}
                          name={row.levelName}
                          belowTarget
                        />
                      </TableCell>
                      <TableCell align="right" className={classes.numeric}>
                        {row.targetLevel}
                      </TableCell>
                      <TableCell align="right" className={classes.numeric}>
                        {row.gap}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {below.totalItems > below.items.length && (
              <Typography variant="body2" color="textSecondary">
                and {below.totalItems - below.items.length} more below target
              </Typography>
            )}
          </>
        )}
        {freshness && (
          <Box mt={1}>
            <Typography variant="caption" color="textSecondary">
              From the latest assessment of the fleet: {freshness}.
            </Typography>
          </Box>
        )}
      </InfoCard>
    );
  } else {
    content = null;
  }
  return (
    <section aria-label="MLOps maturity of ML components">{content}</section>
  );
}
