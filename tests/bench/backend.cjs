/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The backend half of the benchmark, run as a child of run.mjs (fork, IPC):
// a real Backstage backend (startTestBackend) with the real catalog and the
// MLOps Maturity plugin, the fleet loaded through an entity provider, the
// backend's own auth and httpAuth services, and a static external-access
// token for the load test. It reports to the parent with process.send and
// stays up for the load test until the parent says "stop".
//
// Database: in-memory SQLite, or PostgreSQL when
// BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set (every plugin
// then gets its own throw-away database, dropped at the end).
'use strict';

require('@backstage/cli-node/config/nodeTransform.cjs');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const {
  coreServices,
  createBackendModule,
  createBackendPlugin,
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
  catalogServiceRef,
} = require('@backstage/plugin-catalog-node');
const { CATALOG_FILTER_EXISTS } = require('@backstage/catalog-client');
const catalogPlugin = require('@backstage/plugin-catalog-backend').default;
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
// MM_BENCH_ROUNDS=<steady>,<emptied> measures more (or fewer) of each: to
// compare two versions of the code on one kind of refresh, several rounds of
// it in one process vary less than single runs of several processes.
const [roundsSteady, roundsEmptied] = (process.env.MM_BENCH_ROUNDS || '')
  .split(',')
  .map(v => (v.trim() === '' ? undefined : Number(v)));
for (const r of [roundsSteady, roundsEmptied]) {
  if (r !== undefined && !(Number.isInteger(r) && r >= 1 && r <= 20)) {
    throw new Error(
      `MM_BENCH_ROUNDS must be two whole numbers from 1 to 20, steady and emptied (as "3,2"); got "${process.env.MM_BENCH_ROUNDS}"`,
    );
  }
}
/** Steady refreshes measured, each after a raw read; the medians are compared. */
const STEADY_ROUNDS = roundsSteady ?? 3;
/** Refreshes into an emptied snapshot, with warm code (PostgreSQL only). */
const EMPTY_ROUNDS = roundsEmptied ?? 2;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const TOKEN = crypto.randomBytes(24).toString('base64url');
// One static token per caller, for the load test with many callers.
const CALLER_TOKENS = Array.from({ length: 50 }, () =>
  crypto.randomBytes(24).toString('base64url'),
);
const {
  PG,
  databaseConfig,
  databaseUrl,
  dropDatabases: dropPrefixed,
} = require('./database.cjs');
// MM_BENCH_KEEP_CATALOG=<name> keeps the PostgreSQL databases under that
// name between runs, so a catalog ingested once (over 20 minutes at 100k) is
// reused; the plugin's own database is still dropped at start, so the first
// refresh always writes into an empty snapshot.
const KEEP = PG ? process.env.MM_BENCH_KEEP_CATALOG : undefined;
const PREFIX = KEEP ? `mm_keep_${KEEP}_n${N}_` : `mm_bench_${process.pid}_`;

const send = msg =>
  process.send ? process.send(msg) : console.log(JSON.stringify(msg));
const log = (...a) => process.stderr.write(`[backend] ${a.join(' ')}\n`);

function status(field) {
  const text = fs.readFileSync('/proc/self/status', 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : NaN;
}

/**
 * Collects garbage and returns the free heap pages to the system. A plain
 * `gc()` keeps the pages it freed for later (in a test: 581 MB RSS for a
 * 37 MB heap after filling and freeing 590 MB; 57 MB after this), so the
 * RSS before the refresh would be whatever the ingest and the raw reads
 * once needed, not what the backend holds.
 */
function collect() {
  global.gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** Resets the peak RSS (VmHWM) of this process, so the next peak is the refresh's. */
function resetPeak() {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

// The fleet, as an entity provider: one full mutation, no file to parse.
// Only the names the load test rotates over are kept once the catalog has
// the entities: the peak RSS measured below is the backend's, not the
// generator's.
let fleet = generateFleet(N);
const components = fleet.components.length;
const groups = fleet.groups.length;
const totalEntities = fleet.all.length;
const sampleNames = fleet.components.slice(0, 2000).map(c => c.metadata.name);
const ORIGIN = 'bench-fleet';
const withLocation = e => ({
  ...e,
  metadata: {
    ...e.metadata,
    namespace: 'default',
    annotations: {
      ...e.metadata.annotations,
      'backstage.io/managed-by-location': `url:https://bench.example.com/${ORIGIN}`,
      'backstage.io/managed-by-origin-location': `url:https://bench.example.com/${ORIGIN}`,
    },
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
          getProviderName: () => ORIGIN,
          async connect(connection) {
            await connection.applyMutation({
              type: 'full',
              entities: fleet.all.map(e => ({
                entity: withLocation(e),
                locationKey: ORIGIN,
              })),
            });
            fleet = undefined;
          },
        });
      },
    });
  },
});

// Hands the bench the same catalog service and credentials the plugin uses.
const handles = {};
const benchPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({ catalog, auth, httpAuth, httpRouter }) {
        handles.catalog = catalog;
        handles.auth = auth;
        // The floor of a live assessment: a plugin route that only reads the
        // entity from the catalog with the caller's credentials, as ours does
        // (a plugin token signed on their behalf, checked by the catalog).
        const router = require('express').Router();
        router.get('/entity/:name', async (req, res, next) => {
          try {
            const credentials = await httpAuth.credentials(req);
            const entity = await catalog.getEntityByRef(
              {
                kind: 'component',
                namespace: 'default',
                name: req.params.name,
              },
              { credentials },
            );
            if (!entity) res.status(404).end();
            else res.json(entity);
          } catch (error) {
            next(error);
          }
        });
        // The floor of any route: the token check and a tiny JSON reply.
        router.get('/ping', async (req, res, next) => {
          try {
            await httpAuth.credentials(req);
            res.json({ ok: true });
          } catch (error) {
            next(error);
          }
        });
        httpRouter.use(router);
      },
    });
  },
});

/** (a): what CatalogFleetReader reads, raw: every entity once, with its fields, paged 500. */
async function rawRead() {
  const { catalog, auth } = handles;
  const credentials = await auth.getOwnServiceCredentials();
  let count = 0;
  let res = await catalog.queryEntities(
    { fields: FLEET_FIELDS, limit: 500 },
    { credentials },
  );
  count += res.items.length;
  while (res.pageInfo.nextCursor) {
    res = await catalog.queryEntities(
      { cursor: res.pageInfo.nextCursor, fields: FLEET_FIELDS, limit: 500 },
      { credentials },
    );
    count += res.items.length;
  }
  return count;
}

/**
 * CPU seconds used so far by the processes named postgres on this machine,
 * or undefined when there are none (SQLite, a remote server) or /proc
 * cannot tell.
 */
function databaseCpu() {
  if (!PG) return undefined;
  let ticks = 0;
  let found = false;
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime (fields 14 and 15 of stat, counted from pid)
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    }
  } catch {
    return undefined;
  }
  // Ticks of USER_HZ, which is 100 on Linux.
  return found ? ticks / 100 : undefined;
}

/** Starts the V8 profiler; the returned function writes the profile to `file`. */
async function startProfile(file) {
  if (!file) return async () => undefined;
  const { Session } = require('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * A sampling heap profile of what outlives V8's young generation: objects
 * that a scavenge collected are left out, those freed later by a full
 * collection are kept (the profile ends with one). Allocation sites in it
 * are what a refresh promotes to the old generation.
 */
async function startSurvivorSample(file) {
  if (!file) return async () => undefined;
  const { Session } = require('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: false,
  });
  return async () => {
    collect();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

async function main() {
  const config = {
    backend: {
      baseUrl: 'http://127.0.0.1',
      auth: {
        externalAccess: [
          { type: 'static', options: { token: TOKEN, subject: 'bench' } },
          ...CALLER_TOKENS.map((token, i) => ({
            type: 'static',
            options: { token, subject: `bench-caller-${i}` },
          })),
        ],
      },
      ...databaseConfig(PREFIX),
    },
    catalog: {
      rules: [{ allow: ['Component', 'System', 'Group', 'User', 'Location'] }],
      processingInterval: { seconds: 3600 },
    },
    mlopsMaturity: {
      schedule: { frequency: { hours: 24 }, initialDelay: { hours: 24 } },
    },
  };
  if (KEEP) {
    await dropDatabases('mlops-maturity');
    await quietKeptCatalog();
  }
  const t0 = Date.now();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      fleetProvider,
      mlopsMaturityPlugin,
      benchPlugin,
      authServiceFactory,
      httpAuthServiceFactory,
      mockServices.rootConfig.factory({ data: config }),
      // MM_BENCH_LOG=info shows the refresh's own timing line (and the catalog's logs).
      mockServices.rootLogger.factory({
        level: process.env.MM_BENCH_LOG || 'none',
      }),
    ],
  });
  const port = backend.server.address().port;
  const base = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${TOKEN}` };

  // Wait until every entity is processed and stitched with its relations.
  const credentials = await handles.auth.getOwnServiceCredentials();
  const countOf = async filter =>
    (await handles.catalog.queryEntities({ filter, limit: 1 }, { credentials }))
      .totalItems;
  let checks = 0;
  for (;;) {
    checks++;
    const [owned, withMembers] = await Promise.all([
      countOf({
        kind: 'Component',
        'relations.ownedBy': CATALOG_FILTER_EXISTS,
      }),
      countOf({ kind: 'Group', 'relations.hasMember': CATALOG_FILTER_EXISTS }),
    ]);
    if (owned >= components && withMembers >= groups) break;
    if (Date.now() - t0 > 60 * 60 * 1000)
      throw new Error('the catalog did not settle in an hour');
    await new Promise(r => setTimeout(r, 1000));
  }
  const ingestSeconds = (Date.now() - t0) / 1000;
  // Settled at the first look: a catalog kept from an earlier run.
  const catalogReused = Boolean(KEEP) && checks === 1;
  log(
    `catalog ready with ${totalEntities} entities in ${ingestSeconds.toFixed(
      1,
    )} s`,
  );

  // How busy the main thread was (0–1): the catalog runs in this process,
  // so what the refresh adds on this thread cannot hide behind the read.
  const { eventLoopUtilization } = require('node:perf_hooks').performance;
  // CPU seconds of this process and of the local PostgreSQL server's
  // processes (when it runs here): with two cores, the database's work for
  // the catalog and for our writes competes with this thread for the CPU.
  const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    return { process: (user + system) / 1e6, database: databaseCpu() };
  };
  const cpuSince = before => {
    const now = cpuNow();
    return {
      process: now.process - before.process,
      // Unknown when a server process ended meanwhile (its time is gone).
      database:
        now.database === undefined ||
        before.database === undefined ||
        now.database < before.database
          ? undefined
          : now.database - before.database,
    };
  };
  // Garbage collection's pauses on this thread within a timed window, by
  // kind (milliseconds). At 100k part of what a refresh adds to the read is
  // collection: scavenges cost in proportion to what survives them, and
  // partial scores waiting for their owner outlive the young generation.
  // Entries arrive late (after the window ends), so they are matched to
  // windows by their start time, not by when they are delivered.
  const {
    PerformanceObserver,
    constants: gcKinds,
  } = require('node:perf_hooks');
  const gcEntries = [];
  const gcObserver = new PerformanceObserver(list => {
    gcEntries.push(...list.getEntries());
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const gcDuring = (from, to) => {
    gcEntries.push(...gcObserver.takeRecords());
    const ms = { scavenge: 0, markCompact: 0, other: 0, count: 0 };
    for (const e of gcEntries) {
      if (e.startTime < from || e.startTime > to) continue;
      const kind = e.detail?.kind;
      if (kind === gcKinds.NODE_PERFORMANCE_GC_MINOR) ms.scavenge += e.duration;
      else if (kind === gcKinds.NODE_PERFORMANCE_GC_MAJOR)
        ms.markCompact += e.duration;
      else ms.other += e.duration;
      ms.count++;
    }
    gcEntries.length = 0;
    for (const k of ['scavenge', 'markCompact', 'other'])
      ms[k] = Math.round(ms[k] * 10) / 10;
    return ms;
  };
  // Lets the observer's entries of the window just ended be queued.
  const settleGc = () => new Promise(resolve => setTimeout(resolve, 20));
  /** Times one run of `work`: wall clock, main thread, CPU and collections. */
  const timed = async work => {
    const from = performance.now();
    const elu = eventLoopUtilization();
    const cpu = cpuNow();
    const t = process.hrtime.bigint();
    const result = await work();
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    const busy = eventLoopUtilization(elu).utilization;
    const used = cpuSince(cpu);
    const to = performance.now();
    await settleGc();
    return { seconds, busy, cpu: used, gc: gcDuring(from, to), ...result };
  };
  // Each refresh remembers the raw read just before it; the one just after
  // it is the next raw read (a last one follows the last refresh).
  const refresh = () => {
    const rawBefore = raws.length - 1;
    return timedRefresh().then(run => ({ ...run, rawBefore }));
  };
  const timedRefresh = () =>
    timed(async () => {
      const res = await fetch(`${base}/api/mlops-maturity/refresh`, {
        method: 'POST',
        headers: auth,
      });
      const body = await res.json();
      if (res.status !== 200)
        throw new Error(`refresh: ${res.status} ${JSON.stringify(body)}`);
      return { body };
    });
  const timeRaw = () => timed(async () => ({ count: await rawRead() }));

  // The raw read comes first (it warms the same caches for both). Then what
  // the ingest and the read left behind (the generator's fleet, the
  // catalog's processing) is garbage; collect it so that "before" is the
  // backend's live memory, and reset the peak: the window is the refresh's.
  const raws = [await timeRaw()];
  collect();
  const rssBefore = status('VmRSS');
  // How much of it the JavaScript heap holds (the rest is heap V8 keeps
  // after collecting, code, and native memory).
  const usageBefore = process.memoryUsage();
  const heapBefore = usageBefore.heapUsed;
  const peakReset = resetPeak();
  // Every refresh, the first as each steady one, follows a raw read, as in
  // a running backend. Timed right after the forced collection above, the
  // first refresh ran 20–30% slower: a full collection shrinks V8's young
  // generation, and the refresh, which keeps scores and batches across
  // pages, then paid for growing it back (more scavenges, more promoted).
  raws.push(await timeRaw());
  // MM_BENCH_PROFILE=<file>: a CPU profile of the first refresh alone.
  const stopProfile = await startProfile(process.env.MM_BENCH_PROFILE);
  const first = await refresh(); // empty snapshot: every row and history entry is new
  await stopProfile();
  const peakFirst = status('VmHWM');
  // The scheduled case (same catalog, nothing changed), several times, each
  // after a raw read: single runs on a shared machine vary by 15% or more.
  const steadies = [];
  let peakSteady = 0;
  for (let round = 0; round < STEADY_ROUNDS; round++) {
    collect();
    resetPeak();
    // MM_BENCH_PROFILE_RAW=<file>: a CPU profile of the raw read before it,
    // to compare with the steady refresh's function by function.
    const stopRaw = await startProfile(
      round === STEADY_ROUNDS - 1 ? process.env.MM_BENCH_PROFILE_RAW : '',
    );
    const stopRawSurvivors = await startSurvivorSample(
      round === STEADY_ROUNDS - 1 ? process.env.MM_BENCH_SURVIVORS_RAW : '',
    );
    raws.push(await timeRaw());
    await stopRawSurvivors();
    await stopRaw();
    // MM_BENCH_PROFILE_STEADY=<file>: a CPU profile of the last steady refresh.
    const stop = await startProfile(
      round === STEADY_ROUNDS - 1 ? process.env.MM_BENCH_PROFILE_STEADY : '',
    );
    // MM_BENCH_SURVIVORS_STEADY=<file>: what the last steady refresh kept
    // past the young generation (see startSurvivorSample).
    const stopSurvivors = await startSurvivorSample(
      round === STEADY_ROUNDS - 1 ? process.env.MM_BENCH_SURVIVORS_STEADY : '',
    );
    steadies.push(await refresh());
    await stopSurvivors();
    await stop();
    peakSteady = Math.max(peakSteady, status('VmHWM'));
  }
  // PostgreSQL: the first refresh again, into a snapshot emptied from
  // outside, with the process's code warm. The first refresh above is also
  // the first run of the plugin's code in this process, and V8 compiles it
  // as it runs: with every write left out, that first run still took
  // 1.31–1.39 times the read, and the same work warm 1.13. This separates
  // what a snapshot's writes cost from what starting the process costs.
  const emptied = [];
  let peakEmptied = 0;
  if (PG) {
    const plugin = require('knex')({
      client: 'pg',
      connection: databaseUrl(`${PREFIX}mlops-maturity`),
    });
    try {
      for (let round = 0; round < EMPTY_ROUNDS; round++) {
        await plugin.raw(
          'TRUNCATE mlops_maturity_snapshot, mlops_maturity_history',
        );
        collect();
        resetPeak();
        raws.push(await timeRaw());
        // MM_BENCH_PROFILE_EMPTIED=<file>: a CPU profile of the last one.
        const stopEmptiedProfile = await startProfile(
          round === EMPTY_ROUNDS - 1
            ? process.env.MM_BENCH_PROFILE_EMPTIED
            : '',
        );
        // MM_BENCH_SURVIVORS_EMPTIED=<file>: what it kept past the young
        // generation (see startSurvivorSample).
        const stopEmptiedSurvivors = await startSurvivorSample(
          round === EMPTY_ROUNDS - 1
            ? process.env.MM_BENCH_SURVIVORS_EMPTIED
            : '',
        );
        const run = await refresh();
        await stopEmptiedSurvivors();
        await stopEmptiedProfile();
        if (run.body.changes < components)
          throw new Error(
            `a refresh into the emptied snapshot made ${run.body.changes} changes, not ${components}`,
          );
        emptied.push(run);
        peakEmptied = Math.max(peakEmptied, status('VmHWM'));
      }
    } finally {
      await plugin.destroy();
    }
  }
  // The machine's speed drifts within a run (raw reads of the same catalog
  // took 5.3 s and 7.5 s in one run at 100k), so besides the median read,
  // each refresh is also compared with the mean of the reads just before
  // and just after it.
  collect();
  raws.push(await timeRaw());
  const raw = median(raws.map(r => r.seconds));
  const steady = median(steadies.map(r => r.seconds));
  const bracketed = run =>
    run.seconds /
    ((raws[run.rawBefore].seconds + raws[run.rawBefore + 1].seconds) / 2);

  send({
    event: 'refresh',
    n: N,
    database: PG ? 'postgres' : 'sqlite',
    entities: totalEntities,
    components,
    ingestSeconds,
    catalogReused,
    rawRead: {
      seconds: raws.map(r => r.seconds),
      median: raw,
      count: raws[0].count,
      mainThreadBusy: raws.map(r => r.busy),
      cpuSeconds: raws.map(r => r.cpu),
      gcMs: raws.map(r => r.gc),
    },
    refreshFirst: {
      seconds: first.seconds,
      mainThreadBusy: first.busy,
      cpuSeconds: first.cpu,
      gcMs: first.gc,
      entityCount: first.body.entityCount,
      changes: first.body.changes,
    },
    refreshSteady: {
      seconds: steady,
      runs: steadies.map(r => r.seconds),
      mainThreadBusy: steadies.map(r => r.busy),
      cpuSeconds: steadies.map(r => r.cpu),
      gcMs: steadies.map(r => r.gc),
      entityCount: steadies[0].body.entityCount,
      changes: Math.max(...steadies.map(r => r.body.changes)),
    },
    ...(emptied.length > 0
      ? {
          refreshEmptiedWarm: {
            seconds: median(emptied.map(r => r.seconds)),
            runs: emptied.map(r => r.seconds),
            mainThreadBusy: emptied.map(r => r.busy),
            cpuSeconds: emptied.map(r => r.cpu),
            gcMs: emptied.map(r => r.gc),
            changes: Math.min(...emptied.map(r => r.body.changes)),
          },
          ratioEmptiedWarm: median(emptied.map(r => r.seconds)) / raw,
          ratioEmptiedWarmBracketed: median(emptied.map(bracketed)),
          ratiosEmptiedWarmBracketed: emptied.map(bracketed),
        }
      : {}),
    ratioFirst: first.seconds / raw,
    ratioSteady: steady / raw,
    ratioFirstBracketed: bracketed(first),
    ratioSteadyBracketed: median(steadies.map(bracketed)),
    ratiosSteadyBracketed: steadies.map(bracketed),
    memory: {
      peakResetWorked: peakReset,
      rssBeforeRefresh: rssBefore,
      heapUsedBeforeRefresh: heapBefore,
      memoryUsageBeforeRefresh: usageBefore,
      peakDuringFirstRefresh: peakFirst,
      peakDuringSteadyRefresh: peakSteady,
      ...(emptied.length > 0 ? { peakDuringEmptiedRefresh: peakEmptied } : {}),
    },
  });
  if (!process.send) {
    // Run on its own (e.g. under `node --cpu-prof`): stop after the refresh.
    await backend.stop().catch(() => undefined);
    if (PG && !KEEP) await dropDatabases().catch(() => undefined);
    process.exit(0);
  }
  send({
    event: 'ready',
    base,
    token: TOKEN,
    callerTokens: CALLER_TOKENS,
    sample: sampleNames,
  });

  process.on('message', async msg => {
    if (msg === 'stop') {
      await backend.stop().catch(() => undefined);
      if (PG && !KEEP)
        await dropDatabases().catch(e =>
          log('could not drop databases:', e.message),
        );
      process.exit(0);
    }
  });
}

/**
 * A kept catalog's entities fall due for processing again an hour after
 * they were last processed (`processingInterval`), and the catalog then
 * reprocesses them all (100 a second) for the rest of the run, on the same
 * two cores: measured, over half of the 100k fleet was due when a run
 * started, and the reads and refreshes it overlapped varied by 30%. A fresh
 * ingest has none due for an hour; this puts a kept one in the same state.
 */

async function quietKeptCatalog() {
  const knex = require('knex')({ client: 'pg', connection: PG });
  let exists;
  try {
    const { rows } = await knex.raw(
      'SELECT 1 FROM pg_database WHERE datname = ?',
      [`${PREFIX}catalog`],
    );
    exists = rows.length > 0;
  } finally {
    await knex.destroy();
  }
  if (!exists) return;
  const catalog = require('knex')({
    client: 'pg',
    connection: databaseUrl(`${PREFIX}catalog`),
  });
  try {
    const due = await catalog('refresh_state')
      .where('next_update_at', '<', catalog.raw("now() + interval '1 day'"))
      .update({ next_update_at: catalog.raw("now() + interval '7 days'") });
    log(`kept catalog: ${due} entities would have come due during the run`);
  } finally {
    await catalog.destroy();
  }
}

function dropDatabases(only = '%') {
  return dropPrefixed(PREFIX, only);
}

main().catch(error => {
  log(error.stack || String(error));
  send({ event: 'error', message: String(error.message || error) });
  process.exit(1);
});
