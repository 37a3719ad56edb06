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
  ApiBlueprint,
  PageBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  CatalogFilterBlueprint,
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { mlopsMaturityApiRef } from '../api/MlopsMaturityApi';
import { MlopsMaturityClient } from '../api/MlopsMaturityClient';
import { isMlComponent } from '../isMlComponent';
import { hasMlopsMaturitySummary } from '../components/EntityMaturitySummaryCard/scope';
import { rootRouteRef } from '../routes';

/**
 * The MLOps Maturity API client.
 *
 * @alpha
 */
export const mlopsMaturityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlopsMaturityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlopsMaturityClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The fleet scorecard page at `/mlops-maturity`.
 *
 * @alpha
 */
export const mlopsMaturityPage = PageBlueprint.make({
  params: {
    path: '/mlops-maturity',
    title: 'MLOps Maturity',
    icon: <AssessmentIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('../components/FleetScorecardPage').then(m => (
        <m.FleetScorecardContent />
      )),
  },
});

/**
 * The "MLOps Maturity" tab of ML components' entity pages.
 *
 * @alpha
 */
export const mlopsMaturityEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'mlops-maturity',
    title: 'MLOps Maturity',
    filter: entity => isMlComponent(entity),
    loader: () =>
      import('../components/EntityMaturityContent').then(m => (
        <m.EntityMaturityContent />
      )),
  },
});

/**
 * The overview card of ML components' entity pages.
 *
 * @alpha
 */
export const mlopsMaturityEntityCard = EntityCardBlueprint.make({
  name: 'maturity',
  params: {
    filter: entity => isMlComponent(entity),
    loader: () =>
      import('../components/EntityMaturityCard').then(m => (
        <m.EntityMaturityCard />
      )),
  },
});

/**
 * The summary card of Group, User, System and Domain pages.
 *
 * @alpha
 */
export const mlopsMaturityEntitySummaryCard = EntityCardBlueprint.make({
  name: 'maturity-summary',
  params: {
    filter: entity => hasMlopsMaturitySummary(entity),
    loader: () =>
      import('../components/EntityMaturitySummaryCard').then(m => (
        <m.EntityMaturitySummaryCard />
      )),
  },
});

/**
 * The "MLOps maturity level" filter of the catalog index page (it reads the
 * `mlops-maturity/level` label that the catalog module stamps).
 *
 * @alpha
 */
export const mlopsMaturityCatalogFilter = CatalogFilterBlueprint.make({
  name: 'maturity-level',
  params: {
    loader: async () => {
      const { EntityMaturityLevelPicker } = await import(
        '../components/EntityMaturityLevelPicker'
      );
      return <EntityMaturityLevelPicker />;
    },
  },
});
