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
 * - region "Maturity history": the whole card;
 * - img named "Level over time: ..." (the step chart, described in words);
 * - table "Change log".
 */

import { InfoCard } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { EntityHistoryResponse, MaturityChange } from '../../api/types';

const useStyles = makeStyles(theme => ({
  chart: {
    width: '100%',
    maxWidth: 640,
    height: 'auto',
    display: 'block',
    marginBottom: theme.spacing(2),
  },
  flips: { margin: 0, paddingLeft: theme.spacing(2) },
}));

const WIDTH = 640;
const HEIGHT = 160;
const PAD = { left: 36, right: 12, top: 10, bottom: 24 };

function day(iso: string): string {
  return iso.slice(0, 10);
}

function levelText(level: number | null): string {
  return level === null ? 'none' : `L${level}`;
}

function changeText(change: MaturityChange): string {
  if (change.oldLevel === null) {
    return `first assessed at ${levelText(change.newLevel)}`;
  }
  if (change.oldLevel === change.newLevel) return levelText(change.newLevel);
  return `${levelText(change.oldLevel)} → ${levelText(change.newLevel)}`;
}

/** A sentence describing the step chart, for screen readers. */
export function describeLevels(
  levels: EntityHistoryResponse['levels'],
): string {
  if (levels.length === 0) return 'No level recorded yet.';
  const parts = levels.map(p =>
    p.level === null
      ? `left the catalog on ${day(p.at)}`
      : `level ${p.level} from ${day(p.at)}`,
  );
  return `Level over time: ${parts.join(', then ')}.`;
}

/** Level over time as a step chart (inline SVG, no chart library). */
export function LevelStepChart(props: {
  levels: EntityHistoryResponse['levels'];
  maxLevel: number;
  now?: Date;
}) {
  const { levels, maxLevel } = props;
  const classes = useStyles();
  const theme = useTheme();
  const points = levels.filter(p => p.level !== null) as Array<{
    at: string;
    level: number;
  }>;
  const description = describeLevels(levels);
  if (points.length === 0) return null;

  const start = new Date(points[0].at).getTime();
  const end = Math.max(
    (props.now ?? new Date()).getTime(),
    new Date(points[points.length - 1].at).getTime() + 1,
  );
  const x = (t: number) =>
    PAD.left +
    ((t - start) / Math.max(1, end - start)) * (WIDTH - PAD.left - PAD.right);
  const y = (level: number) =>
    PAD.top +
    (1 - level / Math.max(1, maxLevel)) * (HEIGHT - PAD.top - PAD.bottom);

  let d = '';
  points.forEach((p, i) => {
    const px = x(new Date(p.at).getTime());
    if (i === 0) d += `M${px},${y(p.level)}`;
    else d += ` H${px} V${y(p.level)}`;
  });
  d += ` H${x(end)}`;

  const gridLevels = Array.from({ length: maxLevel + 1 }, (_, i) => i);
  return (
    <svg
      className={classes.chart}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={description}
    >
      <title>{description}</title>
      {gridLevels.map(l => (
        <g key={l}>
          <line
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={y(l)}
            y2={y(l)}
            stroke={theme.palette.divider}
            strokeWidth={1}
          />
          <text
            x={PAD.left - 8}
            y={y(l) + 4}
            textAnchor="end"
            fontSize={11}
            fill={theme.palette.text.secondary}
          >
            L{l}
          </text>
        </g>
      ))}
      <path
        d={d}
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={2.5}
      />
      {points.map(p => (
        <circle
          key={p.at}
          cx={x(new Date(p.at).getTime())}
          cy={y(p.level)}
          r={3.5}
          fill={theme.palette.primary.main}
        />
      ))}
      <text
        x={PAD.left}
        y={HEIGHT - 6}
        fontSize={11}
        fill={theme.palette.text.secondary}
      >
        {day(points[0].at)}
      </text>
      <text
        x={WIDTH - PAD.right}
        y={HEIGHT - 6}
        fontSize={11}
        textAnchor="end"
        fill={theme.palette.text.secondary}
      >
        {day(new Date(end).toISOString())}
      </text>
    </svg>
  );
}

function Flips(props: { change: MaturityChange }) {
  const classes = useStyles();
  const { flippedChecks } = props.change;
  if (flippedChecks.length === 0) return <>—</>;
  return (
    <ul className={classes.flips}>
      {flippedChecks.map(f => (
        <li key={f.id}>
          <code>{f.id}</code> {f.to ? 'now passes' : 'now fails'}
        </li>
      ))}
    </ul>
  );
}

/** Props of {@link MaturityHistory}. */
export interface MaturityHistoryProps {
  history: EntityHistoryResponse;
  /** The highest level of the rubric. */
  maxLevel: number;
  now?: Date;
}

/** The level over time and the log of what changed. */
export function MaturityHistory(props: MaturityHistoryProps) {
  const { history, maxLevel, now } = props;
  return (
    <section aria-label="Maturity history">
      <InfoCard title="Maturity history">
        {history.changes.length === 0 ? (
          <Typography variant="body2">
            No change recorded yet: the history starts with the first scheduled
            assessment of the catalog.
          </Typography>
        ) : (
          <>
            <LevelStepChart
              levels={history.levels}
              maxLevel={maxLevel}
              now={now}
            />
            <Table size="small" aria-label="Change log">
              <TableHead>
                <TableRow>
                  <TableCell>Date</TableCell>
                  <TableCell>Level</TableCell>
                  <TableCell>Checks that flipped</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {history.changes.map(change => (
                  <TableRow key={`${change.changedAt}-${change.newLevel}`}>
                    <TableCell>{day(change.changedAt)}</TableCell>
                    <TableCell>{changeText(change)}</TableCell>
                    <TableCell>
                      <Flips change={change} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </InfoCard>
    </section>
  );
}
