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

// Shared fixtures of the engine's tests (not exported from the package).

import { MaturityEntity, MaturityProblem } from '../types';

/** A fixed "today" for waivers: 15 March 2026, midday UTC. */
export const NOW = new Date('2026-03-15T12:00:00Z');

/** Values that pass every check of level 1 (with a Group owner). */
export const LEVEL1: Record<string, string> = {
  'mlops/model-registry': 'https://mlflow.example.com/#/models/churn',
  'mlops/experiment-tracking': 'https://mlflow.example.com/#/experiments/7',
  'mlops/health-metrics': 'uptime, latency, errors',
  'mlops/retraining-runbook': 'https://docs.example.com/runbooks/churn',
};

/** Values that pass every check of level 2. */
export const LEVEL2: Record<string, string> = {
  'mlops/pipeline':
    'https://github.com/acme/churn/actions/workflows/train.yaml',
  'mlops/deploy-decision': 'pipeline',
  'mlops/retraining-trigger': 'schedule',
  'mlops/quality-gate': 'candidate AUC > champion AUC',
  'mlops/test-set': 's3://acme/churn/test-set/v3',
};

/** Values that pass every check of level 3 (the trigger list also passes level 2). */
export const LEVEL3: Record<string, string> = {
  'mlops/feature-store': 'feast://churn/customer-features',
  'mlops/ab-testing': 'https://experiments.example.com/churn',
  'mlops/drift-detection': 'https://evidently.example.com/projects/churn',
  'mlops/retraining-trigger': 'schedule, drift',
  'mlops/rbac': 'group:default/churn-approvers',
  'mlops/audit-trail': 'https://audit.example.com/models/churn',
};

/** Values that pass every check of level 4. */
export const LEVEL4: Record<string, string> = {
  'mlops/platform': 'acme-ml-platform',
  'mlops/gpu-scheduling': 'https://karpenter.example.com/nodepools/gpu',
  'mlops/gpu-utilization': '72%',
  'mlops/cost-optimization': 'https://finops.example.com/dashboards/churn',
  'mlops/self-healing': 'https://argo-rollouts.example.com/churn',
};

/** Values that pass every check of the default rubric. */
export const ALL: Record<string, string> = {
  ...LEVEL1,
  ...LEVEL2,
  ...LEVEL3,
  ...LEVEL4,
};

export interface EntityOptions {
  /** `spec.owner`; `null` leaves it out. Defaults to a Group. */
  owner?: string | null;
  type?: string;
  name?: string;
  namespace?: string;
}

/** A minimal ML component: kind Component, spec.type ml-model, a Group owner. */
export function mlEntity(
  annotations: Record<string, unknown> = {},
  options: EntityOptions = {},
): MaturityEntity {
  const spec: Record<string, unknown> = {
    type: options.type ?? 'ml-model',
    lifecycle: 'production',
  };
  if (options.owner !== null) {
    spec.owner = options.owner ?? 'group:default/ml-team';
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: options.name ?? 'churn',
      ...(options.namespace ? { namespace: options.namespace } : {}),
      annotations,
    },
    spec,
  };
}

/** A Group entity. */
export function group(name: string, members: string[] = []): MaturityEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [], members },
  };
}

/** A User entity that is a member of the given Groups. */
export function user(name: string, memberOf: string[]): MaturityEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf },
  };
}

/**
 * Asserts that every problem has exactly the contract's shape and names its
 * annotation in its message.
 */
export function expectWellFormedProblems(problems: MaturityProblem[]) {
  for (const p of problems) {
    expect(Object.keys(p).sort()).toEqual([
      'annotation',
      'message',
      'severity',
    ]);
    expect(['error', 'warning']).toContain(p.severity);
    expect(typeof p.annotation).toBe('string');
    expect(typeof p.message).toBe('string');
    expect(p.message).toContain(p.annotation);
  }
}
