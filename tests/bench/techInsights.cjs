/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The peer: the same fleet and (as far as they can be expressed) the same
// checks in Tech Insights (@backstage-community/plugin-tech-insights-backend,
// the json-rules-engine fact checker module, and a fact retriever reading the
// entities' metadata from the catalog), next to MLOps Maturity in the same
// backend. Times (1) the fact retriever run and the facts written, and (2) the
// bulk check run for every entity; then our own full refresh of the same fleet.
// Prints one JSON line. Usage: node tests/bench/techInsights.cjs <n>
'use strict';

require('@backstage/cli-node/config/nodeTransform.cjs');
const path = require('node:path');
const crypto = require('node:crypto');
const {
  coreServices,
  createBackendModule,
} = require('@backstage/backend-plugin-api');
const {
  mockServices,
  startTestBackend,
} = require('@backstage/backend-test-utils');
const { authServiceFactory } = require('@backstage/backend-defaults/auth');
const {
  httpAuthServiceFactory,
} = require('@backstage/backend-defaults/httpAuth');
const {
  catalogProcessingExtensionPoint,
} = require('@backstage/plugin-catalog-node');
const {
  CatalogClient,
  CATALOG_FILTER_EXISTS,
} = require('@backstage/catalog-client');
const catalogPlugin = require('@backstage/plugin-catalog-backend').default;
const techInsightsPlugin =
  require('@backstage-community/plugin-tech-insights-backend').default;
const jsonfcModule =
  require('@backstage-community/plugin-tech-insights-backend-module-jsonfc').default;
const {
  techInsightsFactRetrieversExtensionPoint,
} = require('@backstage-community/plugin-tech-insights-node');
const mlopsMaturityPlugin = require(path.resolve(
  __dirname,
  '../../plugins/mlops-maturity-backend/src',
)).default;
const { FLEET_FIELDS } = require(path.resolve(
  __dirname,
  '../../plugins/mlops-maturity-backend/src/service/CatalogFleetReader',
));
const { generateFleet } = require('./fleet.cjs');

const N = Number(process.argv[2] || 10000);
// The same database as the rest of the refresh bench (backend.cjs):
// PostgreSQL when its variable is set (each plugin its own database, dropped
// at the end), otherwise in-memory SQLite.
const { PG, databaseConfig, dropDatabases } = require('./database.cjs');
const PREFIX = `mm_ti_${process.pid}_`;
const TOKEN = crypto.randomBytes(24).toString('base64url');
const log = (...a) => process.stderr.write(`[tech-insights] ${a.join(' ')}\n`);
const fleet = generateFleet(N);
const RETRIEVER = 'mlopsAnnotationsFactRetriever';

const ABSENT = new Set(['', 'none', 'no', 'false', 'n/a', '-']);
const present = v =>
  typeof v === 'string' && !ABSENT.has(v.trim().toLowerCase());
const list = v =>
  typeof v === 'string'
    ? v
        .split(',')
        .map(x => x.trim().toLowerCase())
        .filter(Boolean)
    : [];
const TEXT_FACTS = {
  modelRegistry: 'mlops/model-registry',
  experimentTracking: 'mlops/experiment-tracking',
  retrainingRunbook: 'mlops/retraining-runbook',
  pipeline: 'mlops/pipeline',
  qualityGate: 'mlops/quality-gate',
  testSet: 'mlops/test-set',
  featureStore: 'mlops/feature-store',
  abTesting: 'mlops/ab-testing',
  driftDetection: 'mlops/drift-detection',
  rbac: 'mlops/rbac',
  auditTrail: 'mlops/audit-trail',
  platform: 'mlops/platform',
  gpuScheduling: 'mlops/gpu-scheduling',
  costOptimization: 'mlops/cost-optimization',
  selfHealing: 'mlops/self-healing',
};

let handlerSeconds = 0;
const factRetriever = {
  id: RETRIEVER,
  version: '0.1.0',
  entityFilter: [{ kind: 'component' }],
  schema: {
    ...Object.fromEntries(
      Object.keys(TEXT_FACTS).map(k => [
        k,
        { type: 'boolean', description: k },
      ]),
    ),
    healthMetrics: { type: 'set', description: 'health metrics' },
    retrainingTrigger: { type: 'set', description: 'retraining triggers' },
    deployDecision: { type: 'string', description: 'who decides deployment' },
    gpuUtilization: { type: 'float', description: 'GPU utilization' },
    ownerIsGroup: { type: 'boolean', description: 'spec.owner is not a User' },
  },
  async handler({ discovery, auth, entityFilter }) {
    const t = process.hrtime.bigint();
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'catalog',
    });
    const catalog = new CatalogClient({ discoveryApi: discovery });
    const facts = [];
    let cursor;
    do {
      const res = await catalog.queryEntities(
        cursor
          ? { cursor, limit: 500 }
          : {
              filter: entityFilter,
              limit: 500,
              fields: [
                'kind',
                'metadata.name',
                'metadata.namespace',
                'metadata.annotations',
                'spec.owner',
              ],
            },
        { token },
      );
      for (const e of res.items) {
        const a = e.metadata.annotations ?? {};
        const util = Number(
          String(a['mlops/gpu-utilization'] ?? '').replace(/%\s*$/, ''),
        );
        const owner = String(e.spec?.owner ?? '');
        facts.push({
          entity: {
            kind: e.kind,
            namespace: e.metadata.namespace ?? 'default',
            name: e.metadata.name,
          },
          facts: {
            ...Object.fromEntries(
              Object.entries(TEXT_FACTS).map(([k, key]) => [
                k,
                present(a[key]),
              ]),
            ),
            healthMetrics: list(a['mlops/health-metrics']),
            retrainingTrigger: list(a['mlops/retraining-trigger']),
            deployDecision: String(a['mlops/deploy-decision'] ?? '')
              .trim()
              .toLowerCase(),
            gpuUtilization: Number.isFinite(util) ? util : -1,
            ownerIsGroup:
              owner !== '' && !owner.toLowerCase().startsWith('user:'),
          },
        });
      }
      cursor = res.pageInfo.nextCursor;
    } while (cursor);
    handlerSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    return facts;
  },
};

/** The rubric's checks as json-rules-engine rules over those facts. */
const fact = (name, operator = 'equal', value = true) => ({
  fact: name,
  operator,
  value,
});
const CHECKS = {
  'model-registry': [fact('modelRegistry')],
  'experiment-tracking': [fact('experimentTracking')],
  'health-monitoring': ['uptime', 'latency', 'errors'].map(v =>
    fact('healthMetrics', 'contains', v),
  ),
  'retraining-process': [fact('retrainingRunbook')],
  'shared-ownership': [fact('ownerIsGroup')],
  'ci-cd-pipeline': [fact('pipeline')],
  'pipeline-decides': [fact('deployDecision', 'equal', 'pipeline')],
  'automated-retraining': [
    {
      any: ['schedule', 'drift', 'performance'].map(v =>
        fact('retrainingTrigger', 'contains', v),
      ),
    },
  ],
  'quality-gate': [fact('qualityGate'), fact('testSet')],
  'feature-store': [fact('featureStore')],
  'ab-testing': [fact('abTesting')],
  'drift-response': [
    fact('driftDetection'),
    fact('retrainingTrigger', 'contains', 'drift'),
  ],
  rbac: [fact('rbac')],
  'audit-trail': [fact('auditTrail')],
  'multi-model-platform': [fact('platform')],
  'gpu-scheduling': [fact('gpuScheduling')],
  'gpu-utilization': [fact('gpuUtilization', 'greaterThan', 60)],
  'cost-optimization': [fact('costOptimization')],
  'self-healing': [fact('selfHealing')],
};
const checksConfig = Object.entries(CHECKS).map(([id, all]) => ({
  id,
  type: 'json-rules-engine',
  name: id,
  description: id,
  factIds: [RETRIEVER],
  rule: { conditions: { all } },
}));

let scheduler;
const retrieverModule = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'bench-mlops-facts',
  register(env) {
    env.registerInit({
      deps: {
        retrievers: techInsightsFactRetrieversExtensionPoint,
        scheduler: coreServices.scheduler,
      },
      async init({ retrievers, scheduler: s }) {
        retrievers.addFactRetrievers({ [RETRIEVER]: factRetriever });
        scheduler = s;
      },
    });
  },
});

const fleetProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bench-fleet',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'bench-fleet',
          async connect(connection) {
            await connection.applyMutation({
              type: 'full',
              entities: fleet.all.map(e => ({
                entity: {
                  ...e,
                  metadata: {
                    ...e.metadata,
                    namespace: 'default',
                    annotations: {
                      ...e.metadata.annotations,
                      'backstage.io/managed-by-location':
                        'url:https://bench.example.com/fleet',
                      'backstage.io/managed-by-origin-location':
                        'url:https://bench.example.com/fleet',
                    },
                  },
                },
                locationKey: 'bench-fleet',
              })),
            });
          },
        });
      },
    });
  },
});

async function main() {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      fleetProvider,
      techInsightsPlugin,
      jsonfcModule,
      retrieverModule,
      mlopsMaturityPlugin,
      authServiceFactory,
      httpAuthServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://127.0.0.1',
            ...databaseConfig(PREFIX),
            auth: {
              externalAccess: [
                { type: 'static', options: { token: TOKEN, subject: 'bench' } },
              ],
            },
          },
          catalog: {
            rules: [
              { allow: ['Component', 'System', 'Group', 'User', 'Location'] },
            ],
            processingInterval: { seconds: 3600 },
          },
          techInsights: {
            factRetrievers: {
              [RETRIEVER]: {
                cadence: '0 0 1 1 *',
                initialDelay: { hours: 24 },
              },
            },
            factChecker: {
              checks: Object.fromEntries(checksConfig.map(c => [c.id, c])),
            },
          },
          mlopsMaturity: {
            schedule: { frequency: { hours: 24 }, initialDelay: { hours: 24 } },
          },
        },
      }),
    ],
  });
  const base = `http://127.0.0.1:${backend.server.address().port}`;
  const headers = {
    authorization: `Bearer ${TOKEN}`,
    'content-type': 'application/json',
  };
  const catalog = new CatalogClient({
    discoveryApi: { getBaseUrl: async () => `${base}/api/catalog` },
  });
  const t0 = Date.now();
  for (;;) {
    const { totalItems } = await catalog.queryEntities(
      {
        filter: {
          kind: 'Component',
          'relations.ownedBy': CATALOG_FILTER_EXISTS,
        },
        limit: 1,
      },
      { token: TOKEN },
    );
    if (totalItems >= N) break;
    if (Date.now() - t0 > 60 * 60 * 1000)
      throw new Error('the catalog did not settle');
    await new Promise(r => setTimeout(r, 1000));
  }
  log(`catalog ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // (1) facts: trigger the retriever and wait until the last entity has its facts.
  const last = fleet.components[fleet.components.length - 1].metadata.name;
  const t1 = process.hrtime.bigint();
  await scheduler.triggerTask(RETRIEVER);
  for (;;) {
    const res = await fetch(
      `${base}/api/tech-insights/facts/latest?entity=component:default/${last}&ids[]=${RETRIEVER}`,
      { headers },
    );
    if (res.ok && Object.keys(await res.json()).length > 0) break;
    await new Promise(r => setTimeout(r, 50));
  }
  const factsSeconds = Number(process.hrtime.bigint() - t1) / 1e9;

  // (2) checks: the bulk run for every ML component.
  const t2 = process.hrtime.bigint();
  const res = await fetch(`${base}/api/tech-insights/checks/run`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      checks: Object.keys(CHECKS),
      // Empty: every entity with facts (all the components). Listing 10k
      // refs would exceed the router's 100 kB JSON body limit.
      entities: [],
    }),
  });
  const results = await res.json();
  const checksSeconds = Number(process.hrtime.bigint() - t2) / 1e9;
  if (!res.ok || !Array.isArray(results))
    throw new Error(
      `checks/run: ${res.status} ${JSON.stringify(results).slice(0, 300)}`,
    );
  const withResults = results.filter(
    r => r.results?.length === Object.keys(CHECKS).length,
  ).length;

  // The ceiling of any comparison: a raw paged read of the entities with our
  // projection, which both sides must do at least once.
  const t4 = process.hrtime.bigint();
  let page = await catalog.queryEntities(
    { fields: FLEET_FIELDS, limit: 500 },
    { token: TOKEN },
  );
  while (page.pageInfo.nextCursor) {
    page = await catalog.queryEntities(
      { cursor: page.pageInfo.nextCursor, fields: FLEET_FIELDS, limit: 500 },
      { token: TOKEN },
    );
  }
  const rawReadSeconds = Number(process.hrtime.bigint() - t4) / 1e9;

  // Ours, in the same backend: the full refresh (read, assess, write snapshot and history).
  const t3 = process.hrtime.bigint();
  const ours = await fetch(`${base}/api/mlops-maturity/refresh`, {
    method: 'POST',
    headers,
  });
  const oursBody = await ours.json();
  const oursSeconds = Number(process.hrtime.bigint() - t3) / 1e9;
  if (!ours.ok)
    throw new Error(`our refresh: ${ours.status} ${JSON.stringify(oursBody)}`);

  await backend.stop();
  if (PG) await dropDatabases(PREFIX);
  const seconds = factsSeconds + checksSeconds;
  console.log(
    JSON.stringify({
      ran: true,
      n: N,
      database: PG ? 'postgres' : 'sqlite',
      versions: {
        backend:
          require('@backstage-community/plugin-tech-insights-backend/package.json')
            .version,
        jsonfc:
          require('@backstage-community/plugin-tech-insights-backend-module-jsonfc/package.json')
            .version,
        node: require('@backstage-community/plugin-tech-insights-node/package.json')
          .version,
      },
      factsSeconds,
      factRetrieverHandlerSeconds: handlerSeconds,
      checksSeconds,
      entitiesWithAllResults: withResults,
      seconds,
      oursSeconds,
      oursEntityCount: oursBody.entityCount,
      ratio: seconds / oursSeconds,
      rawReadSeconds,
      ceilingRatio: seconds / rawReadSeconds,
      notExpressed:
        'waivers, the Group member count of shared-ownership, target and claimed levels, problems and recommendations have no counterpart in the Tech Insights checks; only pass/fail per check is computed',
    }),
  );
  process.exit(0);
}

main().catch(async error => {
  log(error.stack || String(error));
  if (PG) await dropDatabases(PREFIX).catch(() => undefined);
  process.exit(1);
});
