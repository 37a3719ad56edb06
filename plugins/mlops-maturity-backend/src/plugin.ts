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
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { registerMaturityActions } from './actions/maturityActions';
import { DatabaseMaturityStore } from './database/DatabaseMaturityStore';
import { SnapshotMemoryStore } from './database/SnapshotMemoryStore';
import { createRouter } from './router';
import { AssessmentService } from './service/AssessmentService';
import { CatalogFleetReader } from './service/CatalogFleetReader';
import { FleetService } from './service/FleetService';
import { LevelDropNotifier } from './service/LevelDropNotifier';
import { RefreshService } from './service/RefreshService';
import { VisibilityService } from './service/VisibilityService';
import { readMaturityOptions } from './service/options';

/**
 * The MLOps Maturity backend plugin: assesses the catalog's ML components
 * on a schedule and serves the results under `/api/mlops-maturity`.
 *
 * @public
 */
export const mlopsMaturityPlugin = createBackendPlugin({
  pluginId: 'mlops-maturity',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { httpRouter, httpAuth, auth, logger, config } = deps;
        const options = readMaturityOptions(config);
        const { rubric } = options;
        // The fleet views read the snapshot from memory, loaded once per
        // snapshot version; writes and history go to the database.
        const store = new SnapshotMemoryStore(
          await DatabaseMaturityStore.create({ database: deps.database }),
        );
        const reader = new CatalogFleetReader(deps.catalog, rubric);
        const refresh = new RefreshService({
          reader,
          store,
          auth,
          logger,
          rubric,
          notifier: options.notifyLevelDrops
            ? new LevelDropNotifier({
                store,
                notifications: deps.notifications,
                rubric,
                logger,
              })
            : undefined,
        });
        const visibility = new VisibilityService({
          permissions: deps.permissions,
          reader,
          store,
        });

        for (const message of options.deprecations) logger.warn(message);

        // The scheduler runs a global task on one instance at a time; the
        // store also serializes snapshot writes, should two runs overlap.
        // A failed run is logged and recorded by the refresh itself, and the
        // last snapshot stays.
        await deps.scheduler.scheduleTask({
          id: 'mlops-maturity-refresh',
          ...options.schedule,
          fn: async () => {
            await refresh.refresh();
          },
        });

        const assessments = new AssessmentService({
          catalog: deps.catalog,
          auth,
          reader,
          rubric,
          store,
        });
        const fleet = new FleetService({ store, visibility, rubric });
        registerMaturityActions({
          actionsRegistry: deps.actionsRegistry,
          assessments,
          fleet,
          rubric,
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            assessments,
            fleet,
            refresh,
            store,
            rubric,
            badgesPublic: options.badgesPublic,
          }),
        );
        if (options.badgesPublic) {
          httpRouter.addAuthPolicy({
            path: '/badge',
            allow: 'unauthenticated',
          });
        }
      },
    });
  },
});
