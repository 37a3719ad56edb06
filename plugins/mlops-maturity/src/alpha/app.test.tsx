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

// The plugin in an app of the new frontend system, next to the real catalog
// plugin, as the README's `createApp({ features: [catalogPlugin,
// mlopsMaturityPlugin] })` assembles it. Each extension must reach the place
// it attaches to (the app's routes, the catalog's entity page, its overview
// and its index page): an extension attached to an input that does not exist
// is an app error, which fails these tests.
import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import { mlopsMaturityApiRef } from '../api/MlopsMaturityApi';
import { churnAssessment, churnEntity } from '../__testUtils__/fixtures';
import {
  emptyFleet,
  emptyHistory,
  mockMaturityApi,
} from '../__testUtils__/mockApi';
import plugin from './plugin';

jest.setTimeout(60_000);

// A whole entity page is a large DOM for jsdom: role queries take seconds.
const slow = { timeout: 30_000 };

const plainService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing-api', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'ml-team' },
};

const mlTeam: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'ml-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function renderApp(path: string) {
  const api = mockMaturityApi({
    getAssessment: jest.fn(async () => churnAssessment),
    getEntityHistory: jest.fn(async () =>
      emptyHistory(churnAssessment.entityRef),
    ),
    getFleet: jest.fn(async () => emptyFleet()),
    getRollups: jest.fn(async by => ({
      by,
      items: [
        {
          key: 'group:default/ml-team',
          total: 1,
          levels: { '3': 1 },
          atOrAboveTarget: 1,
          shareAtOrAboveTarget: 1,
          medianLevel: 3,
        },
      ],
      generatedAt: '2026-03-15T06:00:00.000Z',
      dataAge: 60,
      lastRefresh: null,
    })),
  });
  const rendered = renderTestApp({
    features: [catalogPlugin, plugin],
    initialRouteEntries: [path],
    apis: [
      [mlopsMaturityApiRef, api],
      [
        catalogApiRef,
        catalogApiMock({ entities: [churnEntity, plainService, mlTeam] }),
      ],
    ],
  });
  return { api, rendered };
}

describe('the plugin in an app of the new frontend system', () => {
  it('mounts the fleet scorecard page at /mlops-maturity, with its sidebar entry', async () => {
    const { api } = renderApp('/mlops-maturity');
    expect(
      await screen.findByText('No ML components yet', undefined, slow),
    ).toBeInTheDocument();
    expect(api.getFleet).toHaveBeenCalled();
    expect(
      document.querySelector('nav a[href="/mlops-maturity"]'),
    ).toHaveTextContent('MLOps Maturity');
  });

  it('adds the tab and the overview card to an ML component’s page', async () => {
    const { api } = renderApp('/catalog/default/component/churn-model');
    expect(
      await screen.findByText(
        'MLOps Maturity',
        {
          selector:
            'a[href="/catalog/default/component/churn-model/mlops-maturity"]',
        },
        slow,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Next step', { selector: 'h3' }, slow),
    ).toBeInTheDocument();
    expect(api.getAssessment).toHaveBeenCalledWith(
      'component:default/churn-model',
    );
  });

  it('shows the tab’s content at its path', async () => {
    renderApp('/catalog/default/component/churn-model/mlops-maturity');
    expect(
      await screen.findByRole('list', { name: 'Maturity levels' }, slow),
    ).toBeInTheDocument();
  });

  it('adds neither tab nor card to other components', async () => {
    const { api } = renderApp('/catalog/default/component/billing-api');
    expect(
      await screen.findByText(
        'Overview',
        { selector: 'a[href="/catalog/default/component/billing-api"]' },
        slow,
      ),
    ).toBeInTheDocument();
    expect(
      document.querySelector(
        'a[href="/catalog/default/component/billing-api/mlops-maturity"]',
      ),
    ).toBeNull();
    expect(screen.queryByText('Next step')).toBeNull();
    expect(api.getAssessment).not.toHaveBeenCalled();
    expect(api.getRollups).not.toHaveBeenCalled();
  });

  it('adds the summary card, linked to the filtered fleet page, to a group’s page', async () => {
    const { api } = renderApp('/catalog/default/group/ml-team');
    expect(
      await screen.findByText('See it in the fleet scorecard', undefined, slow),
    ).toBeInTheDocument();
    expect(
      document.querySelector(
        'a[href="/mlops-maturity?owner=group%3Adefault%2Fml-team"]',
      ),
    ).not.toBeNull();
    expect(api.getRollups).toHaveBeenCalledWith('owner', {
      owner: 'group:default/ml-team',
    });
    expect(api.getAssessment).not.toHaveBeenCalled();
  });

  it('adds the level picker to the catalog index page', async () => {
    renderApp('/catalog');
    expect(
      await screen.findByText(
        'MLOps maturity level',
        { selector: 'legend' },
        slow,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('L2 Automated')).toBeInTheDocument();
  });
});
