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

import request from 'supertest';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  HttpAuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import mlopsMaturityPlugin from '@mlops-maturity/plugin-mlops-maturity-backend';
import { catalogConfig, entitiesModule } from './catalogModule';
import { hidingPolicyModule } from './policyModule';

export const API = '/api/mlops-maturity';

/** Runs a refresh now, as another backend would; fails unless it answers 200. */
export async function refreshNow(server: Parameters<typeof request>[0]) {
  const res = await request(server)
    .post(`${API}/refresh`)
    .set('authorization', mockCredentials.service.header());
  if (res.status !== 200) {
    throw new Error(`POST /refresh answered ${res.status}: ${res.text}`);
  }
  return res.body;
}

/** A connection string as an object (the form per-plugin overrides need). */
function connectionObject(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/**
 * The database service of `backend.database`, except that every plugin's
 * client is destroyed when the backend stops: Backstage's manager destroys
 * none (see the backend's `__testUtils__/databases.ts`), and the pools'
 * timers would keep the Jest worker from exiting.
 */
const databaseFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    return DatabaseManager.fromConfig(config, { rootLifecycle, rootLogger });
  },
  async factory({ pluginMetadata, lifecycle, logger, rootLifecycle }, manager) {
    const database = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    let client: ReturnType<typeof database.getClient> | undefined;
    rootLifecycle.addShutdownHook(async () => {
      await (await client?.catch(() => undefined))?.destroy();
    });
    return { ...database, getClient: () => (client ??= database.getClient()) };
  },
});

const OBO_PREFIX = 'Bearer mock-service-token:';

/**
 * The mock httpAuth service, except that a plugin's token on behalf of a
 * user gives that user's credentials *with the calling plugin as actor*, as
 * the real auth service does. The real permission backend refuses resource
 * permission requests without a resourceRef from users without an actor
 * (direct user requests), so it needs this to tell the two apart.
 */
const httpAuthFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): HttpAuthService {
    const pluginId = plugin.getId();
    const inner = mockServices.httpAuth({
      pluginId,
      defaultCredentials: mockCredentials.none(),
    });
    return {
      async credentials(req: any, options?: any): Promise<any> {
        const header = String(req.headers?.authorization ?? '');
        if (header.startsWith(OBO_PREFIX)) {
          const { obo, target } = JSON.parse(header.slice(OBO_PREFIX.length));
          if (obo) {
            if (target && target !== pluginId) {
              throw new AuthenticationError(
                `Invalid mock token target plugin ID ${target}`,
              );
            }
            if (options?.allow && !options.allow.includes('user')) {
              throw new NotAllowedError(
                `This endpoint does not allow 'user' credentials`,
              );
            }
            const credentials: BackstageCredentials = mockCredentials.user(
              obo,
              { actor: { subject: 'plugin:calling-plugin' } },
            );
            return credentials;
          }
        }
        return inner.credentials(req, options);
      },
      issueUserCookie: (res: any, options?: any) =>
        inner.issueUserCookie(res, options),
    } as HttpAuthService;
  },
});

/**
 * A backend in this process with the real catalog holding `entities`, the
 * real permission backend with the hiding policy, and the MLOps maturity
 * plugin. Requests without credentials are unauthenticated. With
 * `postgres`, every plugin's database lives there (a fresh prefix);
 * otherwise in-memory SQLite.
 */
export async function startInProcess(options: {
  entities: Entity[];
  /** Entities that must be in the catalog before the first refresh. */
  waitFor?: Entity[];
  postgres?: { connection: string; prefix: string };
  badgesPublic?: boolean;
  catalogOnSqlite?: boolean;
  /** A JSON file of entities that replaces them whenever it changes. */
  file?: string;
  /** Backstage's notifications backend, and level-drop notifications on. */
  notifications?: boolean;
}) {
  const features: any[] = [
    catalogPlugin,
    entitiesModule({ entities: options.entities, file: options.file }),
    permissionPlugin,
    hidingPolicyModule,
    permissionsServiceFactory,
    permissionsRegistryServiceFactory,
    mlopsMaturityPlugin,
    // The real registry: the plugin's actions are served over HTTP, as the
    // actions service (and so MCP) calls them.
    actionsRegistryServiceFactory,
    httpAuthFactory,
    mockServices.rootConfig.factory({
      data: {
        backend: options.postgres
          ? {
              database: {
                client: 'pg',
                connection: connectionObject(options.postgres.connection),
                prefix: options.postgres.prefix,
                // The catalog on SQLite, which stores what PostgreSQL would
                // refuse (NUL bytes, long values): the plugin must cope.
                plugin: options.catalogOnSqlite
                  ? {
                      catalog: {
                        client: 'better-sqlite3',
                        connection: ':memory:',
                      },
                    }
                  : undefined,
              },
            }
          : { database: { client: 'better-sqlite3', connection: ':memory:' } },
        // The notifications backend links to the app.
        app: { baseUrl: 'http://localhost:3000' },
        catalog: catalogConfig,
        permission: { enabled: true },
        mlopsMaturity: {
          schedule: { frequency: { hours: 10 }, initialDelay: { hours: 10 } },
          badges: { public: Boolean(options.badgesPublic) },
          notifications: { levelDrops: Boolean(options.notifications) },
        },
      },
    }),
  ];
  features.push(databaseFactory);
  if (options.notifications) features.push(notificationsPlugin);
  const backend = await startTestBackend({ features });
  const server = backend.server;
  const service = mockCredentials.service.header();
  const wanted = (options.waitFor ?? options.entities).map(e =>
    stringifyEntityRef(e),
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await request(server)
      .get(
        '/api/catalog/entities?fields=kind,metadata.name,metadata.namespace,relations',
      )
      .set('authorization', service);
    const entities: any[] = res.status === 200 ? res.body : [];
    const refs = new Set(entities.map(e => stringifyEntityRef(e)));
    const ready =
      wanted.every(r => refs.has(r)) &&
      entities
        .filter(e => e.kind === 'Component')
        .every(e => e.relations?.some((r: any) => r.type === 'ownedBy'));
    if (ready) break;
    if (Date.now() > deadline) {
      throw new Error(
        `the catalog did not settle: missing ${wanted
          .filter(r => !refs.has(r))
          .join(', ')}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  return backend;
}
