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
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { RubricResponse } from '../../api/types';

/** The five levels, the rule and the climb table of the rubric in force. */
export function LevelsExplainer(props: { rubric: RubricResponse }) {
  const { rubric } = props;
  return (
    <InfoCard title="The maturity levels">
      <Typography variant="body2" paragraph>
        {rubric.levelRule}
      </Typography>
      <Table size="small" aria-label="Levels">
        <TableHead>
          <TableRow>
            <TableCell>Level</TableCell>
            <TableCell>What it looks like</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rubric.levels.map(l => (
            <TableRow key={l.level}>
              <TableCell>
                L{l.level} {l.name}
              </TableCell>
              <TableCell>{l.description}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        How to climb
      </Typography>
      <Table size="small" aria-label="Climb table">
        <TableHead>
          <TableRow>
            <TableCell>From → to</TableCell>
            <TableCell>What to do</TableCell>
            <TableCell>Effort</TableCell>
            <TableCell>Tools</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rubric.climb.map(c => (
            <TableRow key={c.to}>
              <TableCell>
                {c.from} → {c.to}
              </TableCell>
              <TableCell>{c.actions}</TableCell>
              <TableCell>{c.effort}</TableCell>
              <TableCell>{c.tools.join(', ')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
