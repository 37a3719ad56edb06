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

import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { RubricResponse } from '../../api/types';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    display: 'grid',
    gridTemplateColumns: '9rem 1fr 3rem',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(0.75),
  },
  track: {
    height: theme.spacing(2),
    backgroundColor: theme.palette.action.hover,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
  },
  bar: {
    height: '100%',
    backgroundColor: theme.palette.primary.main,
  },
  count: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
}));

/** Components per level (from the fleet facets), as labelled bars. */
export function LevelDistribution(props: {
  levels: Record<string, number>;
  rubric: RubricResponse;
}) {
  const { levels, rubric } = props;
  const classes = useStyles();
  const max = Math.max(1, ...Object.values(levels));
  const total = Object.values(levels).reduce((a, b) => a + b, 0);
  return (
    <InfoCard
      title="Components per level"
      subheader={`${total} in total`}
      variant="gridItem"
    >
      <ul className={classes.list} aria-label="Components per level">
        {rubric.levels.map(l => {
          const count = levels[String(l.level)] ?? 0;
          return (
            <li
              key={l.level}
              className={classes.row}
              aria-label={`Level ${l.level} ${l.name}: ${count}`}
            >
              <Typography variant="body2" noWrap>
                L{l.level} {l.name}
              </Typography>
              <Box className={classes.track} aria-hidden="true">
                <Box
                  className={classes.bar}
                  style={{ width: `${(count / max) * 100}%` }}
                />
              </Box>
              <Typography variant="body2" className={classes.count}>
                {count}
              </Typography>
            </li>
          );
        })}
      </ul>
    </InfoCard>
  );
}
