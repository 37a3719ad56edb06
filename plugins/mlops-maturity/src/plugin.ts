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
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { mlopsMaturityApiRef } from './api/MlopsMaturityApi';
import { MlopsMaturityClient } from './api/MlopsMaturityClient';
import { rootRouteRef } from './routes';
import type { EntityMaturityCardProps } from './components/EntityMaturityCard';
import type { EntityMaturitySummaryCardProps } from './components/EntityMaturitySummaryCard';

/**
 * The MLOps Maturity frontend plugin (legacy frontend system).
 *
 * @public
 */
export const mlopsMaturityPlugin = createPlugin({
  id: 'mlops-maturity',
  apis: [
    createApiFactory({
      api: mlopsMaturityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlopsMaturityClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The fleet scorecard page; mount it at `/mlops-maturity`.
 *
 * @public
 */
export const MlopsMaturityPage: () => JSX.Element = mlopsMaturityPlugin.provide(
  createRoutableExtension({
    name: 'MlopsMaturityPage',
    component: () =>
      import('./components/FleetScorecardPage').then(m => m.FleetScorecardPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "MLOps Maturity" entity tab: level ladder, checklist, climb and history.
 *
 * @public
 */
export const EntityMlopsMaturityContent: () => JSX.Element | null =
  mlopsMaturityPlugin.provide(
    createComponentExtension({
      name: 'EntityMlopsMaturityContent',
      component: {
        lazy: () =>
          import('./components/EntityMaturityContent').then(
            m => m.EntityMaturityContent,
          ),
      },
    }),
  );

/**
 * The overview card: level, target and the next step.
 *
 * @public
 */
export const EntityMlopsMaturityCard: (
  props: EntityMaturityCardProps,
) => JSX.Element = mlopsMaturityPlugin.provide(
  createComponentExtension({
    name: 'EntityMlopsMaturityCard',
    component: {
      lazy: () =>
        import('./components/EntityMaturityCard').then(
          m => m.EntityMaturityCard,
        ),
    },
  }),
);

/**
 * The summary card of Group, User, System and Domain pages: their ML
 * components per level, how many meet their target, and the ones furthest
 * below it.
 *
 * @public
 */
export const EntityMlopsMaturitySummaryCard: (
  props: EntityMaturitySummaryCardProps,
) => JSX.Element = mlopsMaturityPlugin.provide(
  createComponentExtension({
    name: 'EntityMlopsMaturitySummaryCard',
    component: {
      lazy: () =>
        import('./components/EntityMaturitySummaryCard').then(
          m => m.EntityMaturitySummaryCard,
        ),
    },
  }),
);
