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

import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { EntityHistoryResponse } from '../../api/types';
import { MaturityHistory } from './MaturityHistory';

const history: EntityHistoryResponse = {
  entityRef: 'component:default/churn-model',
  levels: [
    { at: '2026-01-05T06:00:00.000Z', level: 0 },
    { at: '2026-02-10T06:00:00.000Z', level: 1 },
  ],
  changes: [
    {
      entityRef: 'component:default/churn-model',
      changedAt: '2026-02-10T06:00:00.000Z',
      oldLevel: 0,
      newLevel: 1,
      flippedChecks: [{ id: 'model-registry', from: false, to: true }],
    },
    {
      entityRef: 'component:default/churn-model',
      changedAt: '2026-01-05T06:00:00.000Z',
      oldLevel: null,
      newLevel: 0,
      flippedChecks: [],
    },
  ],
  generatedAt: null,
  dataAge: null,
  lastRefresh: null,
};

describe('MaturityHistory', () => {
  it('draws the level over time with a text description', async () => {
    await renderInTestApp(
      <MaturityHistory
        history={history}
        maxLevel={4}
        now={new Date('2026-03-01T00:00:00Z')}
      />,
    );
    expect(
      screen.getByRole('img', {
        name: 'Level over time: level 0 from 2026-01-05, then level 1 from 2026-02-10.',
      }),
    ).toBeInTheDocument();
  });

  it('lists the changes with the checks that flipped', async () => {
    await renderInTestApp(<MaturityHistory history={history} maxLevel={4} />);
    const table = screen.getByRole('table', { name: 'Change log' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('2026-02-10');
    expect(rows[1]).toHaveTextContent('L0 → L1');
    expect(rows[1]).toHaveTextContent('model-registry now passes');
    expect(rows[2]).toHaveTextContent('first assessed at L0');
  });

  it('says when nothing is recorded yet', async () => {
    await renderInTestApp(
      <MaturityHistory
        history={{ ...history, levels: [], changes: [] }}
        maxLevel={4}
      />,
    );
    expect(screen.getByText(/No change recorded yet/)).toBeInTheDocument();
  });
  it('is a region named "Maturity history"', async () => {
    await renderInTestApp(<MaturityHistory history={history} maxLevel={4} />);
    const region = screen.getByRole('region', { name: 'Maturity history' });
    expect(
      within(region).getByRole('table', { name: 'Change log' }),
    ).toBeInTheDocument();
  });
});
