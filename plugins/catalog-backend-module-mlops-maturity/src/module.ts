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
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { CatalogContextCache } from './CatalogContextCache';
import { MlopsMaturityProcessor } from './MlopsMaturityProcessor';
import { readModuleOptions } from './options';

/**
 * Catalog module that assesses ML components while the catalog processes
 * them: level labels on the entity, annotation problems in its status.
 *
 * @public
 */
export const catalogModuleMlopsMaturity = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mlops-maturity',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ processing, catalog, auth, config, logger, scheduler }) {
        const { rubric, contextRefreshMinutes } = readModuleOptions(config);
        const cache = new CatalogContextCache({
          catalog,
          auth,
          logger,
          rubric,
        });
        // Every instance keeps its own copy, so every instance reads: local scope.
        await scheduler.scheduleTask({
          id: 'mlops-maturity-catalog-context',
          scope: 'local',
          frequency: {
            seconds: Math.max(1, Math.round(contextRefreshMinutes * 60)),
          },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 3 },
          fn: () => cache.refresh(),
        });
        processing.addProcessor(
          new MlopsMaturityProcessor({ rubric, contexts: cache, logger }),
        );
      },
    });
  },
});
