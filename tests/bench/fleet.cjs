/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// A deterministic, realistic fleet for the benchmarks: N ML components spread
// over every level, with context annotations, waivers (active, expired,
// malformed, unknown check), problems (typos, bad values, non-strings), and
// the Groups and Users that own them (some Groups too small, some components
// owned by a User, some owners outside the catalog).
'use strict';

/** mulberry32: small, fast, deterministic. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Annotations that make each level's checks pass (the owner is handled apart). */
const LEVEL_EVIDENCE = [
  {},
  {
    'mlops/model-registry': i =>
      `https://mlflow.example.com/#/models/model-${i}`,
    'mlops/experiment-tracking': i =>
      `https://mlflow.example.com/#/experiments/${i}`,
    'mlops/health-metrics': () => 'uptime, latency, errors',
    'mlops/retraining-runbook': i =>
      `https://wiki.example.com/ml/runbooks/model-${i}`,
  },
  {
    'mlops/pipeline': i =>
      `https://github.com/example/model-${i}/actions/workflows/train.yaml`,
    'mlops/deploy-decision': () => 'pipeline',
    'mlops/retraining-trigger': () => 'schedule',
    'mlops/quality-gate': () =>
      'candidate AUC > champion AUC on the frozen set',
    'mlops/test-set': i => `s3://ml-data/test-sets/model-${i}/v3`,
  },
  {
    'mlops/feature-store': () => 'feast://prod/features',
    'mlops/ab-testing': () => 'istio canary, 5% traffic',
    'mlops/drift-detection': () => 'evidently',
    'mlops/retraining-trigger': () => 'schedule, drift',
    'mlops/rbac': () => 'promoters: ml-platform-admins',
    'mlops/audit-trail': i => `https://audit.example.com/models/model-${i}`,
  },
  {
    'mlops/platform': () => 'kubeflow',
    'mlops/gpu-scheduling': () => 'karpenter gpu pool',
    'mlops/gpu-utilization': () => '72%',
    'mlops/cost-optimization': () => 'spot training, reserved inference',
    'mlops/self-healing': () => 'argo rollouts auto-rollback',
  },
];

const LEVEL_CHECKS = [
  [],
  [
    'model-registry',
    'experiment-tracking',
    'health-metrics',
    'retraining-process',
    'shared-ownership',
  ],
  [
    'ci-cd-pipeline',
    'pipeline-decides',
    'automated-retraining',
    'quality-gate',
  ],
  ['feature-store', 'ab-testing', 'drift-response', 'rbac', 'audit-trail'],
  [
    'multi-model-platform',
    'gpu-scheduling',
    'gpu-utilization',
    'cost-optimization',
    'self-healing',
  ],
];

/** Ways to break one check of the level above, so levels do not all top out. */
const BREAKERS = [
  a => {
    delete a['mlops/model-registry'];
  },
  a => {
    a['mlops/health-metrics'] = 'uptime, latency';
  },
  a => {
    a['mlops/experiment-tracking'] = 'none';
  },
  a => {
    a['mlops/deploy-decision'] = 'human';
  },
  a => {
    a['mlops/retraining-trigger'] = 'manual';
  },
  a => {
    delete a['mlops/test-set'];
  },
  a => {
    a['mlops/rbac'] = 'n/a';
  },
  a => {
    a['mlops/gpu-utilization'] = '41%';
  },
];

/** Problems a real catalog has. */
const PROBLEMS = [
  a => {
    a['mlops/model-regsitry'] = 'https://mlflow.example.com';
  },
  a => {
    a['mlops/deploy-decision'] = 'robots';
  },
  a => {
    a['mlops/retraining-trigger'] = 'schedule, weekly';
  },
  a => {
    a['mlops/gpu-utilization'] = 'about half';
  },
  a => {
    a['mlops/target-level'] = 'high';
  },
  a => {
    a['mlops/regulated'] = 'yes';
  },
  a => {
    a['mlops/waiver.rbca'] = 'typo; until 2099-01-01';
  },
  a => {
    a['mlops/waiver.rbac'] = 'no date given';
  },
];

const TYPES = ['ml-model', 'ml-service', 'ml-pipeline'];
const LIFECYCLES = ['production', 'experimental', 'deprecated'];

/**
 * Generates the fleet. Returns `{ components, groups, users, systems, all }`,
 * each an array of Backstage entities (apiVersion, kind, metadata, spec).
 */
function generateFleet(n, options = {}) {
  const rand = rng(options.seed ?? 20261126);
  const pick = arr => arr[Math.floor(rand() * arr.length)];
  const groupCount = Math.max(4, Math.ceil(n / 25));
  const groups = [];
  const users = [];
  let userIndex = 0;
  for (let g = 0; g < groupCount; g++) {
    // Mostly real teams; one in ten is a one-person Group (fails ownership).
    const size = g % 10 === 9 ? 1 : 2 + Math.floor(rand() * 7);
    const name = `team-${g}`;
    groups.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, title: `Team ${g}` },
      spec: { type: 'team', children: [] },
    });
    for (let m = 0; m < size; m++) {
      users.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: `user-${userIndex++}` },
        spec: { memberOf: [name] },
      });
    }
  }
  const systemCount = Math.max(2, Math.ceil(n / 100));
  const systems = [];
  for (let s = 0; s < systemCount; s++) {
    systems.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${s}` },
      spec: { owner: `team-${s % groupCount}`, domain: `domain-${s % 7}` },
    });
  }

  const components = [];
  for (let i = 0; i < n; i++) {
    // Level mix: many at 0-1, fewer at 3-4, as fleets are.
    const r = rand();
    const evidenceLevel =
      r < 0.2 ? 0 : r < 0.45 ? 1 : r < 0.7 ? 2 : r < 0.9 ? 3 : 4;
    const a = {};
    for (let l = 1; l <= evidenceLevel; l++) {
      for (const [key, value] of Object.entries(LEVEL_EVIDENCE[l]))
        a[key] = value(i);
    }
    // Some evidence of the level above, partially.
    if (evidenceLevel < 4 && rand() < 0.5) {
      const next = Object.entries(LEVEL_EVIDENCE[evidenceLevel + 1]);
      for (const [key, value] of next.slice(
        0,
        1 + Math.floor(rand() * (next.length - 1)),
      )) {
        a[key] = value(i);
      }
    }
    if (evidenceLevel > 0 && rand() < 0.25) pick(BREAKERS)(a);
    if (rand() < 0.3)
      a['mlops/claimed-level'] = String(
        Math.min(4, evidenceLevel + Math.floor(rand() * 2)),
      );
    if (rand() < 0.15)
      a['mlops/target-level'] = String(2 + Math.floor(rand() * 3));
    if (rand() < 0.1) a['mlops/regulated'] = 'true';
    if (rand() < 0.2)
      a['mlops/customer-facing'] = rand() < 0.5 ? 'true' : 'false';
    // Waivers: active (GPU-less teams), expired, and malformed via PROBLEMS.
    if (rand() < 0.15)
      a['mlops/waiver.gpu-utilization'] = 'we run no GPUs; until 2099-12-31';
    if (rand() < 0.05)
      a['mlops/waiver.ab-testing'] = 'internal batch model; until 2020-01-31';
    if (rand() < 0.12) pick(PROBLEMS)(a);
    a['backstage.io/techdocs-ref'] = 'dir:.';
    a['github.com/project-slug'] = `example/model-${i}`;

    const o = rand();
    const owner =
      o < 0.05
        ? `user:user-${Math.floor(rand() * userIndex)}`
        : o < 0.08
        ? `group:default/outside-${i % 13}`
        : `team-${Math.floor(rand() * groupCount)}`;
    components.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `model-${i}`,
        title: `Model ${i}`,
        description: `Generated ML component ${i} for the benchmarks`,
        annotations: a,
        tags: ['ml', pick(['python', 'scala', 'r'])],
      },
      spec: {
        type: pick(TYPES),
        lifecycle: pick(LIFECYCLES),
        owner,
        system: `system-${i % systemCount}`,
      },
    });
  }
  return {
    components,
    groups,
    users,
    systems,
    all: [...groups, ...users, ...systems, ...components],
  };
}

module.exports = { generateFleet, LEVEL_CHECKS, rng };
