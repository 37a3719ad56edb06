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

import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { FleetRow, FleetSort } from '../../api/types';
import { LevelChip } from '../common/LevelChip';

/** How many failing check ids a row shows before "+N more". */
export const SHOWN_FAILING_CHECKS = 3;

const useStyles = makeStyles(theme => ({
  table: {
    // Below this width the table scrolls sideways instead of squeezing its
    // columns until names break one letter per line.
    minWidth: 960,
  },
  nowrap: { whiteSpace: 'nowrap' },
  // Names and owners wrap between words (never inside one), so that on a
  // laptop's width every column, Last change included, stays in view.
  name: {
    minWidth: 150,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  owner: { minWidth: 150 },
  number: {
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
  },
  failing: { width: '32%', minWidth: 220 },
  checks: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  count: {
    fontWeight: theme.typography.fontWeightBold as number,
    fontVariantNumeric: 'tabular-nums',
    marginRight: theme.spacing(0.5),
  },
  checkChip: {
    fontFamily: 'monospace',
    fontSize: theme.typography.caption.fontSize,
  },
  more: {
    whiteSpace: 'nowrap',
    color: theme.palette.text.secondary,
    textDecoration: 'underline dotted',
    cursor: 'help',
  },
}));

/** The calendar day of an ISO timestamp: YYYY-MM-DD (UTC). */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '–';
  if (/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso.slice(0, 10);
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

/** The name to show for a component: its title, else the name of its ref. */
export function displayName(row: Pick<FleetRow, 'entityRef' | 'title'>) {
  if (row.title) return row.title;
  try {
    return parseEntityRef(row.entityRef).name;
  } catch {
    return row.entityRef;
  }
}

function FailingChecks(props: { failing: FleetRow['failingChecks'] }) {
  const { count, ids } = props.failing;
  const classes = useStyles();
  if (count === 0) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        none
      </Typography>
    );
  }
  const shown = ids.slice(0, SHOWN_FAILING_CHECKS);
  const more = Math.max(0, count - shown.length);
  return (
    <Box className={classes.checks}>
      <Typography variant="body2" component="span" className={classes.count}>
        {count}
      </Typography>
      {shown.map(id => (
        <Chip
          key={id}
          size="small"
          variant="outlined"
          className={classes.checkChip}
          label={id}
        />
      ))}
      {more > 0 && (
        <Tooltip title={`All ${count} failing checks: ${ids.join(', ')}`}>
          <Typography
            variant="body2"
            component="span"
            className={classes.more}
            tabIndex={0}
          >
            +{more} more
          </Typography>
        </Tooltip>
      )}
    </Box>
  );
}

/** The columns that sort, the sort field of each and its first direction. */
const SORTABLE: Record<
  string,
  { field: string; first: 'asc' | 'desc' } | undefined
> = {
  Component: { field: 'title', first: 'asc' },
  Owner: { field: 'owner', first: 'asc' },
  Level: { field: 'level', first: 'asc' },
  Gap: { field: 'gap', first: 'desc' },
  'Last change': { field: 'lastChangedAt', first: 'desc' },
};

function SortableHead(props: {
  label: string;
  sort: FleetSort | undefined;
  onSortChange?: (sort: FleetSort | undefined) => void;
  align?: 'right';
  className?: string;
}) {
  const { label, sort, onSortChange, align, className } = props;
  const sortable = SORTABLE[label];
  if (!sortable || !onSortChange) {
    return (
      <TableCell align={align} className={className}>
        {label}
      </TableCell>
    );
  }
  const field = sort?.replace(/^-/, '');
  const active = field === sortable.field;
  let direction: 'asc' | 'desc' = sortable.first;
  if (active) direction = sort!.startsWith('-') ? 'desc' : 'asc';
  // A click on the sorted column flips it; on another, sorts it its first way.
  let next = direction;
  if (active) next = direction === 'asc' ? 'desc' : 'asc';
  return (
    <TableCell
      align={align}
      className={className}
      sortDirection={active ? direction : false}
    >
      <TableSortLabel
        active={active}
        direction={direction}
        onClick={() =>
          onSortChange(
            `${next === 'desc' ? '-' : ''}${sortable.field}` as FleetSort,
          )
        }
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
}

/**
 * The fleet table, full width. Accessible name "ML components"; one row per
 * component with Component (entity link), Owner, System, Level (chip),
 * Target, Gap, Failing checks (count, at most three ids, "+N more" with the
 * full list in a tooltip and title) and Last change (YYYY-MM-DD).
 */
export function FleetTable(props: {
  rows: FleetRow[];
  sort?: FleetSort;
  onSortChange?: (sort: FleetSort | undefined) => void;
}) {
  const { rows, sort, onSortChange } = props;
  const classes = useStyles();
  const head = (
    label: string,
    options: { align?: 'right'; className?: string } = {},
  ) => (
    <SortableHead
      label={label}
      sort={sort}
      onSortChange={onSortChange}
      {...options}
    />
  );
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="ML components" className={classes.table}>
        <TableHead>
          <TableRow>
            {head('Component', { className: classes.nowrap })}
            {head('Owner', { className: classes.nowrap })}
            <TableCell className={classes.nowrap}>System</TableCell>
            {head('Level', { className: classes.nowrap })}
            <TableCell align="right" className={classes.nowrap}>
              Target
            </TableCell>
            {head('Gap', { align: 'right', className: classes.nowrap })}
            <TableCell className={classes.failing}>Failing checks</TableCell>
            {head('Last change', { className: classes.nowrap })}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow key={row.entityRef} hover>
              <TableCell className={classes.name}>
                <EntityRefLink entityRef={row.entityRef}>
                  {displayName(row)}
                </EntityRefLink>
              </TableCell>
              <TableCell className={classes.owner}>
                {row.owner ? (
                  <EntityRefLink entityRef={row.owner} defaultKind="group" />
                ) : (
                  '–'
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {row.system ? (
                  <EntityRefLink entityRef={row.system} defaultKind="system" />
                ) : (
                  '–'
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>
                <LevelChip
                  level={row.level}
                  name={row.levelName}
                  belowTarget={row.gap > 0}
                />
              </TableCell>
              <TableCell align="right" className={classes.number}>
                {row.targetLevel}
              </TableCell>
              <TableCell align="right" className={classes.number}>
                {row.gap}
              </TableCell>
              <TableCell className={classes.failing}>
                <FailingChecks failing={row.failingChecks} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                <time dateTime={row.lastChangedAt ?? undefined}>
                  {formatDay(row.lastChangedAt)}
                </time>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
