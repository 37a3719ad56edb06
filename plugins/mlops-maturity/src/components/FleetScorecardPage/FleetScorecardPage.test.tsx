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

import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import { FleetResponse, FleetRow } from '../../api/types';
import {
  churnAssessment,
  churnEntity,
  fleetRowOf,
  fraudAssessment,
  fraudEntity,
} from '../../__testUtils__/fixtures';
import { mockMaturityApi } from '../../__testUtils__/mockApi';
import { FleetScorecardPage } from './FleetScorecardPage';

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
}

const fleet = (overrides: Partial<FleetResponse> = {}): FleetResponse => ({
  items: [
    fleetRowOf(churnEntity, churnAssessment),
    fleetRowOf(fraudEntity, fraudAssessment),
  ],
  totalItems: 2,
  nextCursor: null,
  facets: {
    levels: { '0': 0, '1': 1, '2': 1, '3': 0, '4': 0 },
    owners: [{ owner: 'group:default/ml-team', count: 2 }],
  },
  generatedAt: '2026-03-15T06:00:00.000Z',
  dataAge: 60,
  lastRefresh: null,
  ...overrides,
});

async function render(
  api: ReturnType<typeof mockMaturityApi>,
  url = '/mlops-maturity',
) {
  return renderInTestApp(
    <TestApiProvider apis={[[mlopsMaturityApiRef, api]]}>
      <FleetScorecardPage />
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('FleetScorecardPage', () => {
  it('lists the ML components with level, target, gap and failing checks', async () => {
    const api = mockMaturityApi({ getFleet: jest.fn(async () => fleet()) });
    await render(api);
    const table = await screen.findByRole('table', { name: 'ML components' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('churn-model');
    expect(
      within(rows[1]).getByLabelText('Level 1 Managed, below target'),
    ).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('quality-gate');
    expect(
      within(rows[2]).getByLabelText('Level 2 Automated'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Showing 1–2 of 2/)).toBeInTheDocument();
    // Distribution from the facets, and the levels explainer.
    expect(
      screen.getByRole('listitem', { name: 'Level 1 Managed: 1' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Climb table' }),
    ).toHaveTextContent(
      'Install MLflow. Register one model. Add 3 monitoring metrics.',
    );
    expect(api.getRollups).toHaveBeenCalledWith('owner', {});
  });

  it('reads the filter from the URL and passes it to the API', async () => {
    const api = mockMaturityApi({ getFleet: jest.fn(async () => fleet()) });
    await render(api, '/mlops-maturity?level=1&belowTarget=true&owner=ml-team');
    await screen.findByRole('table', { name: 'ML components' });
    expect(api.getFleet).toHaveBeenCalledWith({
      level: 1,
      belowTarget: true,
      owner: 'ml-team',
      limit: 25,
      cursor: undefined,
    });
    expect(screen.getByLabelText('Level')).toHaveValue('1');
    expect(screen.getByLabelText('Below target only')).toBeChecked();
    expect(screen.getByLabelText('Owner')).toHaveValue('ml-team');
  });

  it('suggests the owners of the fleet in the owner field, also once it filters by one', async () => {
    const owners = [
      { owner: 'group:default/ml-team', count: 2 },
      { owner: 'group:default/risk', count: 1 },
      { owner: null, count: 1 },
    ];
    const api = mockMaturityApi({
      getFleet: jest.fn(async query =>
        fleet({
          facets: {
            levels: { '0': 0, '1': 1, '2': 1, '3': 0, '4': 0 },
            owners: owners.filter(
              o => !query?.owner || o.owner === query.owner,
            ),
          },
        }),
      ),
    });
    await render(api);
    await screen.findByRole('table', { name: 'ML components' });
    const suggested = () =>
      Array.from(
        document.querySelectorAll(
          `#${screen.getByLabelText('Owner').getAttribute('list')} option`,
        ),
      ).map(o => o.getAttribute('value'));
    expect(suggested()).toEqual([
      'group:default/ml-team',
      'group:default/risk',
    ]);
    await userEvent.type(
      screen.getByLabelText('Owner'),
      'group:default/risk{Enter}',
    );
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: 'group:default/risk' }),
      ),
    );
    await screen.findByRole('table', { name: 'ML components' });
    expect(suggested()).toEqual([
      'group:default/ml-team',
      'group:default/risk',
    ]);
  });

  it('changing a filter calls the API with it and puts it in the URL', async () => {
    const api = mockMaturityApi({ getFleet: jest.fn(async () => fleet()) });
    await render(api);
    await screen.findByRole('table', { name: 'ML components' });

    await userEvent.selectOptions(screen.getByLabelText('Level'), '2');
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.objectContaining({ level: 2 }),
      ),
    );
    expect(screen.getByTestId('location')).toHaveTextContent('?level=2');

    await userEvent.selectOptions(
      screen.getByLabelText('Failing check'),
      'quality-gate',
    );
    await userEvent.type(screen.getByLabelText('Search'), 'churn{Enter}');
    await userEvent.click(screen.getByLabelText('Below target only'));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        level: 2,
        failingCheck: 'quality-gate',
        q: 'churn',
        belowTarget: true,
        limit: 25,
        cursor: undefined,
      }),
    );
    expect(screen.getByTestId('location').textContent).toBe(
      '?level=2&belowTarget=true&failingCheck=quality-gate&q=churn',
    );
    expect(api.getRollups).toHaveBeenLastCalledWith('owner', {
      level: 2,
      belowTarget: true,
      failingCheck: 'quality-gate',
      q: 'churn',
    });
  });

  it('carries the current filter in the CSV download link', async () => {
    const api = mockMaturityApi({ getFleet: jest.fn(async () => fleet()) });
    await render(api, '/mlops-maturity?level=1&lifecycle=production');
    const link = await screen.findByRole('link', { name: 'Download CSV' });
    expect(link).toHaveAttribute(
      'href',
      'http://localhost:7007/api/mlops-maturity/fleet.csv?level=1&lifecycle=production',
    );
  });

  it('pages with the cursor', async () => {
    const api = mockMaturityApi({
      getFleet: jest.fn(async query =>
        query?.cursor
          ? fleet({
              items: [fleetRowOf(fraudEntity, fraudAssessment)],
              totalItems: 26,
            })
          : fleet({ totalItems: 26, nextCursor: 'page-2' }),
      ),
    });
    await render(api);
    await screen.findByRole('table', { name: 'ML components' });
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        limit: 25,
        cursor: 'page-2',
      }),
    );
    expect(await screen.findByText(/Showing 26–26 of 26/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });

  it('explains how to annotate a component when the fleet is empty', async () => {
    const api = mockMaturityApi({
      getFleet: jest.fn(async () =>
        fleet({ items: [], totalItems: 0, facets: { levels: {}, owners: [] } }),
      ),
    });
    await render(api);
    expect(await screen.findByText('No ML components yet')).toBeInTheDocument();
    expect(
      screen.getByLabelText('Example catalog-info.yaml').textContent,
    ).toContain('type: ml-model');
  });

  it('says when no component matches the filter, and clears it', async () => {
    const api = mockMaturityApi({
      getFleet: jest.fn(async query =>
        query?.level === 4 ? fleet({ items: [], totalItems: 0 }) : fleet(),
      ),
    });
    await render(api, '/mlops-maturity?level=4');
    expect(
      await screen.findByText('No ML component matches these filters'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Clear filters' })[0],
    );
    expect(
      await screen.findByRole('table', { name: 'ML components' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^$/);
  });

  it('says what failed when the fleet cannot be loaded', async () => {
    const api = mockMaturityApi({
      getFleet: jest.fn(async () => {
        throw new Error('snapshot unavailable');
      }),
    });
    await render(api);
    expect(
      await screen.findByText(/Could not load the ML components of the fleet/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/snapshot unavailable/).length).toBeGreaterThan(
      0,
    );
  });
  it('labels every filter, and the sort control', async () => {
    const api = mockMaturityApi({ getFleet: jest.fn(async () => fleet()) });
    await render(api);
    await screen.findByRole('table', { name: 'ML components' });
    const form = screen.getByRole('search', { name: 'Filter ML components' });
    for (const label of [
      'Search',
      'Level',
      'Failing check',
      'Owner',
      'System',
      'Lifecycle',
      'Type',
      'Waived',
      'Sort by',
      'Below target only',
    ]) {
      expect(within(form).getByLabelText(label)).toBeInTheDocument();
    }
  });

  it('filters on type and waivers', async () => {
    const api = mockMaturityApi({ getFleet: jest.fn(async () => fleet()) });
    await render(api);
    await screen.findByRole('table', { name: 'ML components' });
    await userEvent.type(screen.getByLabelText('Type'), 'ml-service{Enter}');
    await userEvent.selectOptions(screen.getByLabelText('Waived'), 'true');
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        type: 'ml-service',
        waived: true,
        limit: 25,
        cursor: undefined,
      }),
    );
    expect(screen.getByTestId('location').textContent).toBe(
      '?waived=true&type=ml-service',
    );
  });

  it('sorts with the control and the column headers, and keeps the sort in the URL and the CSV', async () => {
    const api = mockMaturityApi({ getFleet: jest.fn(async () => fleet()) });
    await render(api, '/mlops-maturity?level=1');
    await screen.findByRole('table', { name: 'ML components' });

    await userEvent.selectOptions(screen.getByLabelText('Sort by'), '-gap');
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith({
        level: 1,
        sort: '-gap',
        limit: 25,
        cursor: undefined,
      }),
    );
    expect(screen.getByTestId('location').textContent).toBe(
      '?level=1&sort=-gap',
    );
    expect(
      await screen.findByRole('link', { name: 'Download CSV' }),
    ).toHaveAttribute(
      'href',
      'http://localhost:7007/api/mlops-maturity/fleet.csv?level=1&sort=-gap',
    );
    const gapHeader = screen.getByRole('columnheader', { name: /Gap/ });
    expect(gapHeader).toHaveAttribute('aria-sort', 'descending');

    const table = screen.getByRole('table', { name: 'ML components' });
    await userEvent.click(within(table).getByRole('button', { name: 'Level' }));
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe(
        '?level=1&sort=level',
      ),
    );
    await userEvent.click(within(table).getByRole('button', { name: 'Level' }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: '-level' }),
      ),
    );
    expect(screen.getByLabelText('Sort by')).toHaveValue('-level');
    // Filters keep the sort.
    await userEvent.selectOptions(screen.getByLabelText('Level'), '2');
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe(
        '?level=2&sort=-level',
      ),
    );
  });

  it('shows the title or name, at most three failing checks and the day of the last change', async () => {
    const many: FleetRow = {
      ...fleetRowOf(churnEntity, churnAssessment),
      title: 'Churn prediction model',
      failingChecks: {
        count: 5,
        ids: [
          'quality-gate',
          'rbac',
          'audit-trail',
          'ab-testing',
          'drift-response',
        ],
      },
      lastChangedAt: '2026-03-10T23:59:00.000Z',
    };
    const api = mockMaturityApi({
      getFleet: jest.fn(async () => fleet({ items: [many], totalItems: 1 })),
    });
    await render(api);
    const table = await screen.findByRole('table', { name: 'ML components' });
    const row = within(table).getAllByRole('row')[1];
    expect(
      within(row).getByRole('link', { name: 'Churn prediction model' }),
    ).toHaveAttribute('href', '/catalog/default/component/churn-model');
    const cells = within(row).getAllByRole('cell');
    const failing = cells[6];
    expect(failing).toHaveTextContent(/^5/);
    for (const id of ['quality-gate', 'rbac', 'audit-trail']) {
      expect(within(failing).getByText(id)).toBeInTheDocument();
    }
    expect(within(failing).queryByText('ab-testing')).not.toBeInTheDocument();
    const more = within(failing).getByText('+2 more');
    expect(more).toHaveAttribute(
      'title',
      'All 5 failing checks: quality-gate, rbac, audit-trail, ab-testing, drift-response',
    );
    await userEvent.hover(more);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'drift-response',
    );
    expect(cells[7]).toHaveTextContent(/^2026-03-10$/);
    expect(cells[7]).toHaveStyle({ whiteSpace: 'nowrap' });
    // Names and owners may wrap between words, but their columns keep a
    // width that no word of a name is broken in.
    expect(cells[0]).toHaveStyle({ minWidth: '150px' });
    expect(cells[1]).toHaveStyle({ minWidth: '150px' });
  });

  it('says how old the data is', async () => {
    const api = mockMaturityApi({
      getFleet: jest.fn(async () => fleet({ dataAge: 5 * 60 })),
    });
    await render(api);
    expect(
      await screen.findByText(
        /data is 5 minutes old \(as of 2026-03-15 06:00 UTC\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/may be out of date/)).not.toBeInTheDocument();
  });

  it('warns when the data is stale', async () => {
    const api = mockMaturityApi({
      getFleet: jest.fn(async () =>
        fleet({
          dataAge: 3 * 3600,
          stale: true,
          lastError: 'catalog unreachable',
        }),
      ),
    });
    await render(api);
    const warning = await screen.findByText(/may be out of date/);
    expect(warning).toHaveTextContent('catalog unreachable');
    expect(warning).toHaveTextContent('3 hours old');
  });

  it('says when no assessment has finished yet', async () => {
    const api = mockMaturityApi({
      getFleet: jest.fn(async () =>
        fleet({
          items: [],
          totalItems: 0,
          facets: { levels: {}, owners: [] },
          generatedAt: null,
          dataAge: null,
          stale: true,
        }),
      ),
    });
    await render(api);
    expect(await screen.findByText('No ML components yet')).toBeInTheDocument();
    expect(
      screen.getByText(/No assessment of the catalog has finished yet/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('search', { name: 'Filter ML components' }),
    ).not.toBeInTheDocument();
  });
});
