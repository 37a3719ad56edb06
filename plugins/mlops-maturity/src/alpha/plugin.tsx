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

import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { rootRouteRef } from '../routes';
import {
  mlopsMaturityApi,
  mlopsMaturityCatalogFilter,
  mlopsMaturityEntityCard,
  mlopsMaturityEntityContent,
  mlopsMaturityEntitySummaryCard,
  mlopsMaturityPage,
} from './extensions';

/**
 * The MLOps Maturity frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mlops-maturity',
  title: 'MLOps Maturity',
  icon: <AssessmentIcon />,
  info: { packageJson: () => import('../../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    mlopsMaturityApi,
    mlopsMaturityPage,
    mlopsMaturityEntityContent,
    mlopsMaturityEntityCard,
    mlopsMaturityEntitySummaryCard,
    mlopsMaturityCatalogFilter,
  ],
});
