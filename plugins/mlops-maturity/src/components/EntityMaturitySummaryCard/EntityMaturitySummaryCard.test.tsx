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

import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import userEvent from '@testing-library/user-event';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import { FleetResponse, Rollup, RollupsResponse } from '../../api/types';
import {
  churnAssessment,
  churnEntity,
  fleetRowOf,
  notebookAssessment,
  notebookEntity,
} from '../../__testUtils__/fixtures';
import { mockMaturityApi } from '../../__testUtils__/mockApi';
import { rootRouteRef } from '../../routes';
import { EntityMaturitySummaryCard } from './EntityMaturitySummaryCard';
import {
  MAX_OWNERS,
  groupTree,
  hasMlopsMaturitySummary,
  summaryScopeOf,
  withTheirGroups,
} from './scope';

const entityOf = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

const team = entityOf('Group', 'ml-team');
const freshness = {
  generatedAt: '2026-03-15T06:00:00.000Z',
  dataAge: 300,
  lastRefresh: null,
};

const rollupsOf = (
  by: RollupsResponse['by'],
  items: Rollup[],
): RollupsResponse => ({ by, items, ...freshness });

const rollup = (key: string, overrides: Partial<Rollup> = {}): Rollup => ({
  key,
  total: 7,
  levels: { '0': 3, '1': 2, '2': 1, '3': 1, '4': 0 },
  atOrAboveTarget: 2,
  shareAtOrAboveTarget: 2 / 7,
  medianLevel: 1,
  ...overrides,
});

const below = (overrides: Partial<FleetResponse> = {}): FleetResponse => ({
  items: [
    fleetRowOf(notebookEntity, notebookAssessment),
    { ...fleetRowOf(churnEntity, churnAssessment), title: 'Churn Model' },
  ],
  totalItems: 5,
  nextCursor: null,
  facets: { levels: {}, owners: [] },
  ...freshness,
  ...overrides,
});

/** The API of a backend where ml-team owns seven components, five below target. */
function teamApi() {
  return mockMaturityApi({
    getRollups: jest.fn(async by =>
      rollupsOf(by, [rollup('group:default/ml-team')]),
    ),
    getFleet: jest.fn(async () => below()),
  });
}

async function renderCard(
  entity: Entity,
  api: ReturnType<typeof mockMaturityApi>,
  options: {
    limit?: number;
    /** The catalog API; null for an app without one. */
    catalog?: ReturnType<typeof catalogApiMock> | null;
    /** Whether the app mounts the fleet page. */
    fleetPage?: boolean;
  } = {},
) {
  const { limit, catalog = catalogApiMock(), fleetPage = true } = options;
  const card = (
    <EntityProvider entity={entity}>
      <EntityMaturitySummaryCard limit={limit} />
    </EntityProvider>
  );
  await renderInTestApp(
    catalog ? (
      <TestApiProvider
        apis={[
          [mlopsMaturityApiRef, api],
          [catalogApiRef, catalog],
        ]}
      >
        {card}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[[mlopsMaturityApiRef, api]]}>
        {card}
      </TestApiProvider>
    ),
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(fleetPage ? { '/mlops-maturity': rootRouteRef } : {}),
      },
    },
  );
  return screen.findByRole('region', {
    name: 'MLOps maturity of ML components',
  });
}

describe('summaryScopeOf', () => {
  it('reads Groups and Users as owners, Systems and Domains as themselves', () => {
    expect(summaryScopeOf(team)).toEqual({
      by: 'owner',
      filter: { owner: 'group:default/ml-team' },
      phrase: 'owned by this group',
    });
    expect(summaryScopeOf(entityOf('User', 'judy'))?.filter).toEqual({
      owner: 'user:default/judy',
    });
    expect(summaryScopeOf(entityOf('System', 'lending'))).toMatchObject({
      by: 'system',
      filter: { system: 'system:default/lending' },
    });
    expect(summaryScopeOf(entityOf('domain', 'risk'))).toMatchObject({
      by: 'domain',
      filter: { domain: 'domain:default/risk' },
    });
    expect(hasMlopsMaturitySummary(entityOf('Component', 'x'))).toBe(false);
    expect(hasMlopsMaturitySummary(entityOf('API', 'x'))).toBe(false);
    expect(hasMlopsMaturitySummary(team)).toBe(true);
  });
});

const group = (name: string, children: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children },
  relations: children.map(child => ({
    type: 'parentOf',
    targetRef: `group:default/${child}`,
  })),
});

describe('withTheirGroups', () => {
  it('names the user first, each group once, at most the most owners a filter takes', () => {
    expect(
      withTheirGroups('user:default/a', ['group:default/x', 'group:default/x']),
    ).toEqual({
      scope: {
        by: 'owner',
        filter: { owner: 'user:default/a,group:default/x' },
        phrase: 'owned by this user or their groups',
      },
      truncated: false,
    });
    const many = Array.from(
      { length: MAX_OWNERS },
      (_, i) => `group:default/g${i}`,
    );
    const { scope, truncated } = withTheirGroups('user:default/a', many);
    expect(String(scope.filter.owner).split(',')).toHaveLength(MAX_OWNERS);
    expect(truncated).toBe(true);
  });
});

describe('groupTree', () => {
  const tree = new Map<string, Entity>(
    [
      group('dept', ['a', 'b']),
      group('a', ['a1', 'b']),
      group('b', ['dept']), // a cycle, as a broken catalog may have
      group('a1'),
    ].map(e => [`group:default/${e.metadata.name}`, e]),
  );

  it('walks the sub-groups breadth first, once each, one read per level', async () => {
    const read = jest.fn(async (refs: string[]) => refs.map(r => tree.get(r)));
    expect(await groupTree(tree.get('group:default/dept')!, read)).toEqual({
      refs: [
        'group:default/dept',
        'group:default/a',
        'group:default/b',
        'group:default/a1',
      ],
      truncated: false,
    });
    expect(read.mock.calls).toEqual([
      [['group:default/a', 'group:default/b']],
      [['group:default/a1']],
    ]);
  });

  it('stops at the most owners a filter takes', async () => {
    const wide = group(
      'wide',
      Array.from({ length: MAX_OWNERS + 5 }, (_, i) => `t${i}`),
    );
    const read = jest.fn(async (refs: string[]) => refs.map(() => undefined));
    const result = await groupTree(wide, read);
    expect(result.refs).toHaveLength(MAX_OWNERS);
    expect(result.truncated).toBe(true);
    expect(read).not.toHaveBeenCalled();
  });
});

describe('EntityMaturitySummaryCard', () => {
  it('counts the sub-groups’ components too when asked', async () => {
    const user = userEvent.setup();
    const dept = {
      ...group('dept', ['a']),
      relations: [
        { type: 'parentOf', targetRef: 'group:default/a' },
        { type: 'hasMember', targetRef: 'user:default/alice' },
      ],
    };
    const api = mockMaturityApi({
      getRollups: jest.fn(async (by, filter) =>
        rollupsOf(
          by,
          String(filter?.owner)
            .split(',')
            // a1 owns no ML component: the backend has no roll-up for it.
            .filter(owner => owner !== 'group:default/a1')
            .map(owner =>
              owner === 'group:default/dept'
                ? rollup(owner, {
                    total: 3,
                    levels: { '0': 3 },
                    atOrAboveTarget: 1,
                    medianLevel: 0,
                  })
                : rollup(owner, {
                    total: 2,
                    levels: { '4': 2 },
                    atOrAboveTarget: 2,
                    medianLevel: 4,
                  }),
            ),
        ),
      ),
      getFleet: jest.fn(async () => below({ items: [], totalItems: 0 })),
    });
    const catalog = catalogApiMock({
      entities: [group('a', ['a1']), group('a1')],
    });
    const card = await renderCard(dept, api, { catalog });
    expect(
      await within(card).findByText('3 ML components owned by this group'),
    ).toBeInTheDocument();

    await user.click(within(card).getByLabelText('Include sub-groups'));
    expect(
      await within(card).findByText(
        '5 ML components owned by this group and its sub-groups',
      ),
    ).toBeInTheDocument();
    const owners = 'group:default/dept,group:default/a,group:default/a1';
    expect(api.getRollups).toHaveBeenLastCalledWith('owner', { owner: owners });
    expect(api.getFleet).toHaveBeenLastCalledWith(
      expect.objectContaining({ owner: owners, belowTarget: true }),
    );
    // The median of all five components (0, 0, 0, 4, 4), not of the medians.
    expect(card).toHaveTextContent(
      '3 of 5 at or above target (60%) · median level 0',
    );
    expect(
      within(card).getByRole('link', {
        name: 'See all 5 in the fleet scorecard',
      }),
    ).toHaveAttribute(
      'href',
      `/mlops-maturity?owner=${encodeURIComponent(owners)}`,
    );
  });

  it("counts a user's groups at first, and the user's own on request", async () => {
    const user = userEvent.setup();
    const alice: Entity = {
      ...entityOf('User', 'alice'),
      relations: [
        { type: 'memberOf', targetRef: 'group:default/ml-team' },
        { type: 'memberOf', targetRef: 'group:default/risk' },
        { type: 'ownerOf', targetRef: 'component:default/x' },
      ],
    };
    const api = mockMaturityApi({
      getRollups: jest.fn(async (by, filter) =>
        rollupsOf(
          by,
          String(filter?.owner)
            .split(',')
            .filter(owner => owner !== 'user:default/alice')
            .map(owner => rollup(owner, { total: 2, levels: { '1': 2 } })),
        ),
      ),
      getFleet: jest.fn(async () => below({ items: [], totalItems: 0 })),
    });
    // No catalog API needed: the groups are the user's own relations.
    const card = await renderCard(alice, api, { catalog: null });
    expect(
      await within(card).findByText(
        '4 ML components owned by this user or their groups',
      ),
    ).toBeInTheDocument();
    expect(api.getRollups).toHaveBeenCalledWith('owner', {
      owner: 'user:default/alice,group:default/ml-team,group:default/risk',
    });
    const toggle = within(card).getByLabelText('Include their groups');
    expect(toggle).toBeChecked();

    await user.click(toggle);
    expect(
      await within(card).findByText('0 ML components owned by this user'),
    ).toBeInTheDocument();
    expect(api.getRollups).toHaveBeenLastCalledWith('owner', {
      owner: 'user:default/alice',
    });
  });

  it('offers no sub-groups switch in an app without the catalog API', async () => {
    const api = mockMaturityApi({
      getRollups: jest.fn(async by =>
        rollupsOf(by, [rollup('group:default/dept')]),
      ),
      getFleet: jest.fn(async () => below()),
    });
    const card = await renderCard(group('dept', ['a']), api, { catalog: null });
    expect(
      await within(card).findByText('7 ML components owned by this group'),
    ).toBeInTheDocument();
    expect(
      within(card).queryByLabelText('Include sub-groups'),
    ).not.toBeInTheDocument();
  });

  it('offers no sub-groups switch to a group without any', async () => {
    const api = teamApi();
    const card = await renderCard(team, api);
    await within(card).findByText('7 ML components owned by this group');
    expect(
      within(card).queryByLabelText('Include sub-groups'),
    ).not.toBeInTheDocument();
  });

  it("rolls up a group's components and lists those furthest below target", async () => {
    const api = teamApi();
    const card = await renderCard(team, api);

    expect(api.getRollups).toHaveBeenCalledWith('owner', {
      owner: 'group:default/ml-team',
    });
    expect(api.getFleet).toHaveBeenCalledWith({
      owner: 'group:default/ml-team',
      belowTarget: true,
      sort: '-gap',
      limit: 5,
    });
    expect(
      await within(card).findByText('7 ML components owned by this group'),
    ).toBeInTheDocument();
    const levels = within(card).getByRole('list', {
      name: 'Components per level',
    });
    expect(
      within(levels)
        .getAllByRole('listitem')
        .map(item => item.getAttribute('aria-label')),
    ).toEqual([
      'Level 0 Manual: 3',
      'Level 1 Managed: 2',
      'Level 2 Automated: 1',
      'Level 3 Governed: 1',
      'Level 4 Optimized: 0',
    ]);
    expect(card).toHaveTextContent(
      '2 of 7 at or above target (29%) · median level 1',
    );

    const table = within(card).getByRole('table', {
      name: 'Furthest below target',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const notebook = rows[0];
    expect(
      within(notebook).getByRole('link', { name: /notebook/ }),
    ).toHaveAttribute(
      'href',
      `/catalog/default/component/${notebookEntity.metadata.name}`,
    );
    expect(
      within(notebook).getByLabelText(
        `Level ${notebookAssessment.level} ${notebookAssessment.levelName}, below target`,
      ),
    ).toBeInTheDocument();
    const cells = within(notebook).getAllByRole('cell');
    expect(cells[2]).toHaveTextContent(String(notebookAssessment.targetLevel));
    expect(cells[3]).toHaveTextContent(
      String(notebookAssessment.targetLevel - notebookAssessment.level),
    );
    // The title, when the component has one.
    expect(
      within(rows[1]).getByRole('link', { name: 'Churn Model' }),
    ).toBeInTheDocument();
    expect(card).toHaveTextContent('and 3 more below target');

    expect(
      within(card).getByRole('link', {
        name: 'See all 7 in the fleet scorecard',
      }),
    ).toHaveAttribute(
      'href',
      '/mlops-maturity?owner=group%3Adefault%2Fml-team',
    );
    expect(card).toHaveTextContent(
      'From the latest assessment of the fleet: data is 5 minutes old (as of 2026-03-15 06:00 UTC).',
    );
  });

  it('filters a System by itself, with the number of rows asked for', async () => {
    const api = mockMaturityApi({
      getRollups: jest.fn(async by =>
        rollupsOf(by, [
          rollup('system:default/lending', {
            total: 1,
            levels: { '2': 1 },
            atOrAboveTarget: 1,
            shareAtOrAboveTarget: 1,
            medianLevel: 2,
          }),
        ]),
      ),
      getFleet: jest.fn(async () => below({ items: [], totalItems: 0 })),
    });
    const card = await renderCard(entityOf('System', 'lending'), api, {
      limit: 3,
    });
    expect(
      await within(card).findByText('1 ML component in this system'),
    ).toBeInTheDocument();
    expect(api.getRollups).toHaveBeenCalledWith('system', {
      system: 'system:default/lending',
    });
    expect(api.getFleet).toHaveBeenCalledWith(
      expect.objectContaining({ system: 'system:default/lending', limit: 3 }),
    );
    expect(card).toHaveTextContent(
      '1 of 1 at or above target (100%) · median level 2',
    );
    // Nothing below target: no table, nothing "more".
    expect(within(card).queryByRole('table')).not.toBeInTheDocument();
    expect(card).not.toHaveTextContent('more below target');
  });

  it('says so when the owner has no ML components the viewer may see', async () => {
    const api = mockMaturityApi({
      getRollups: jest.fn(async by => rollupsOf(by, [])),
      getFleet: jest.fn(async () => below({ items: [], totalItems: 0 })),
    });
    const card = await renderCard(entityOf('User', 'judy'), api);
    expect(
      await within(card).findByText('0 ML components owned by this user'),
    ).toBeInTheDocument();
    expect(card).toHaveTextContent(
      'No ML components owned by this user that you may see.',
    );
    expect(
      within(card).queryByRole('link', { name: /fleet scorecard/ }),
    ).not.toBeInTheDocument();
  });

  it.each([
    ['a backend that says the data is stale', { stale: true }],
    ['an older backend that does not', {}],
  ])(
    'says no assessment has finished yet, before the first one, from %s',
    async (_, stale) => {
      const none = {
        generatedAt: null,
        dataAge: null,
        lastRefresh: null,
        ...stale,
      };
      const api = mockMaturityApi({
        getRollups: jest.fn(async by => ({ by, items: [], ...none })),
        getFleet: jest.fn(async () =>
          below({ items: [], totalItems: 0, ...none }),
        ),
      });
      const card = await renderCard(team, api);
      expect(
        await within(card).findByText(
          /No assessment of the catalog has finished yet/,
        ),
      ).toBeInTheDocument();
      expect(card).not.toHaveTextContent('that you may see');
    },
  );

  it('leaves the link out when the app has not mounted the fleet page', async () => {
    const api = teamApi();
    const card = await renderCard(team, api, { fleetPage: false });
    expect(
      await within(card).findByText('7 ML components owned by this group'),
    ).toBeInTheDocument();
    expect(
      within(card).queryByRole('link', { name: /fleet scorecard/ }),
    ).not.toBeInTheDocument();
  });

  it('shows the error when the backend fails', async () => {
    const response = new Response(
      JSON.stringify({ error: { name: 'Error', message: 'database down' } }),
      { status: 500, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    const api = mockMaturityApi({
      getRollups: jest.fn(async () => Promise.reject(error)),
      getFleet: jest.fn(async () => below()),
    });
    const card = await renderCard(team, api);
    expect(
      await within(card).findByText(
        /Could not load the maturity of the ML components owned by this group/,
      ),
    ).toBeInTheDocument();
    expect(within(card).getAllByText(/database down/).length).toBeGreaterThan(
      0,
    );
  });

  it('names the kinds it is for on any other entity, asking nothing', async () => {
    const api = mockMaturityApi();
    const card = await renderCard(entityOf('Component', 'x'), api);
    expect(card).toHaveTextContent(
      'The maturity summary is for Groups, Users, Systems and Domains; this is a Component.',
    );
    expect(api.getRollups).not.toHaveBeenCalled();
  });
});
