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

/*
 * A backend in a child process, for the load, fault and replica tests:
 * the real catalog (fed by the tests' entity provider) and/or the MLOps
 * maturity plugin, on 127.0.0.1, accepting a static access token.
 * Its settings come as JSON in MM_CHILD (see ChildSettings).
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { catalogConfig, entitiesModule } from './catalogModule';
import type { ChildSettings } from './child';

const settings: ChildSettings = JSON.parse(process.env.MM_CHILD ?? '{}');
const base = `http://127.0.0.1:${settings.port}`;

const endpoints = [];
if (settings.catalogUrl) {
  endpoints.push({
    target: `${settings.catalogUrl}/api/{{pluginId}}`,
    plugins: ['catalog'],
  });
}
if (settings.mlopsUrl) {
  endpoints.push({
    target: `${settings.mlopsUrl}/api/{{pluginId}}`,
    plugins: ['mlops-maturity'],
  });
}

const config = new ConfigReader({
  app: { baseUrl: base },
  backend: {
    baseUrl: base,
    listen: { host: '127.0.0.1', port: settings.port },
    database: settings.database,
    auth: {
      externalAccess: [
        {
          type: 'static',
          options: { token: settings.token, subject: 'reliability-tests' },
        },
      ],
    },
  },
  discovery: { endpoints },
  catalog: { ...catalogConfig, processingInterval: { seconds: 30 } },
  permission: { enabled: false },
  mlopsMaturity: {
    schedule: settings.schedule ?? {
      frequency: { hours: 10 },
      initialDelay: { hours: 10 },
    },
    badges: { public: Boolean(settings.badgesPublic) },
  },
});

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => config,
  }),
);
if (settings.role !== 'mlops') {
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(entitiesModule({ file: settings.entitiesFile }));
}
if (settings.role !== 'catalog') {
  backend.add(import('@mlops-maturity/plugin-mlops-maturity-backend'));
}
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error('reliability child backend failed to start', error);
  process.exit(1);
});
