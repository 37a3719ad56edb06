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
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { mlopsMaturityApiRef } from '../api/MlopsMaturityApi';
import { churnAssessment, churnEntity } from '../__testUtils__/fixtures';
import {
  emptyFleet,
  emptyHistory,
  mockMaturityApi,
} from '../__testUtils__/mockApi';
import plugin from './plugin';
import {
  mlopsMaturityEntityCard,
  mlopsMaturityEntityContent,
  mlopsMaturityEntitySummaryCard,
  mlopsMaturityPage,
} from './extensions';

describe('mlops-maturity alpha plugin', () => {
  it('has the plugin id and its extensions', () => {
    expect(plugin.pluginId).toBe('mlops-maturity');
    expect(plugin.title).toBe('MLOps Maturity');
    for (const id of [
      'api:mlops-maturity',
      'page:mlops-maturity',
      'entity-content:mlops-maturity',
      'entity-card:mlops-maturity/maturity',
      'entity-card:mlops-maturity/maturity-summary',
      'catalog-filter:mlops-maturity/maturity-level',
    ] as const) {
      expect(plugin.getExtension(id)).toBeDefined();
    }
  });

  it('renders the fleet page extension', async () => {
    const api = mockMaturityApi({
      getFleet: jest.fn(async () => emptyFleet()),
    });
    const tester = createExtensionTester(mlopsMaturityPage);
    await renderInTestApp(tester.reactElement(), {
      apis: [[mlopsMaturityApiRef, api]],
    });
    expect(await screen.findByText('No ML components yet')).toBeInTheDocument();
  });

  it('renders the entity content extension for an ML component', async () => {
    const api = mockMaturityApi({
      getAssessment: jest.fn(async () => churnAssessment),
      getEntityHistory: jest.fn(async () =>
        emptyHistory(churnAssessment.entityRef),
      ),
    });
    const tester = createExtensionTester(mlopsMaturityEntityContent);
    await renderInTestApp(
      <EntityProvider entity={churnEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[mlopsMaturityApiRef, api]] },
    );
    expect(
      await screen.findByRole('list', { name: 'Maturity levels' }),
    ).toBeInTheDocument();
  });

  it('renders the entity card extension', async () => {
    const api = mockMaturityApi({
      getAssessment: jest.fn(async () => churnAssessment),
    });
    const tester = createExtensionTester(mlopsMaturityEntityCard);
    await renderInTestApp(
      <EntityProvider entity={churnEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[mlopsMaturityApiRef, api]] },
    );
    expect(
      await screen.findByRole('region', { name: 'Next step' }),
    ).toBeInTheDocument();
  });

  it('renders the summary card extension for a group', async () => {
    const api = mockMaturityApi({
      getRollups: jest.fn(async by => ({
        by,
        items: [
          {
            key: 'group:default/ml-team',
            total: 2,
            levels: { '1': 1, '2': 1 },
            atOrAboveTarget: 1,
            shareAtOrAboveTarget: 0.5,
            medianLevel: 1.5,
          },
        ],
        generatedAt: '2026-03-15T06:00:00.000Z',
        dataAge: 60,
        lastRefresh: null,
      })),
      getFleet: jest.fn(async () => emptyFleet()),
    });
    const tester = createExtensionTester(mlopsMaturityEntitySummaryCard);
    await renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'ml-team', namespace: 'default' },
          spec: { type: 'team', children: [] },
        }}
      >
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[mlopsMaturityApiRef, api]] },
    );
    expect(
      await screen.findByText('2 ML components owned by this group'),
    ).toBeInTheDocument();
    expect(api.getRollups).toHaveBeenCalledWith('owner', {
      owner: 'group:default/ml-team',
    });
  });
});
