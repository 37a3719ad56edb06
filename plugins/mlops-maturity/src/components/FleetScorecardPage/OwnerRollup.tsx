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

import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Box from '@material-ui/core/Box';
import useAsync from 'react-use/esm/useAsync';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import { FleetFilter } from '../../api/types';

/** The maturity of each owner of the filtered fleet. */
export function OwnerRollup(props: { filter: FleetFilter }) {
  const { filter } = props;
  const api = useApi(mlopsMaturityApiRef);
  const key = JSON.stringify(filter);
  const { value, loading, error } = useAsync(
    () => api.getRollups('owner', filter),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );
  if (error) {
    return (
      <ResponseErrorPanel
        title="Could not load the roll-up per owner"
        error={error}
      />
    );
  }
  return (
    <InfoCard title="Per owner" variant="gridItem">
      {loading && <Progress />}
      {value && value.items.length === 0 && (
        <Typography variant="body2">No owner to show.</Typography>
      )}
      {value && value.items.length > 0 && (
        // Many owners scroll inside the card, so it stays beside the chart.
        <Box maxHeight={320} overflow="auto">
          <Table size="small" stickyHeader aria-label="Maturity per owner">
            <TableHead>
              <TableRow>
                <TableCell>Owner</TableCell>
                <TableCell align="right">Components</TableCell>
                <TableCell align="right">At target</TableCell>
                <TableCell align="right">Median level</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.items.map(r => (
                <TableRow key={r.key ?? '(none)'}>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    {r.key ? (
                      <EntityRefLink entityRef={r.key} defaultKind="group" />
                    ) : (
                      'No owner'
                    )}
                  </TableCell>
                  <TableCell align="right">{r.total}</TableCell>
                  <TableCell align="right">
                    {r.atOrAboveTarget} (
                    {Math.round(r.shareAtOrAboveTarget * 100)}
                    %)
                  </TableCell>
                  <TableCell align="right">{r.medianLevel}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </InfoCard>
  );
}
