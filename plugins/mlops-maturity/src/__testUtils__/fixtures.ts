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

// Real assessments from the engine, used by this package's tests.

import { Entity } from '@backstage/catalog-model';
import {
  assessEntity,
  buildAssessmentContext,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { EntityAssessmentResponse, FleetRow } from '../api/types';
import { toRubricResponse } from '../components/common/rubric';

/** The day waivers are compared with in these fixtures. */
export const NOW = new Date('2026-03-15T12:00:00Z');

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'ml-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [
    { type: 'hasMember', targetRef: 'user:default/ada' },
    { type: 'hasMember', targetRef: 'user:default/grace' },
  ],
};

function mlEntity(
  name: string,
  annotations: Record<string, string>,
  owner = 'group:default/ml-team',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'ml-model', lifecycle: 'production', owner },
  };
}

const LEVEL1 = {
  'mlops/model-registry': 'https://mlflow.example.com/#/models/churn',
  'mlops/experiment-tracking': 'https://mlflow.example.com/#/experiments/7',
  'mlops/health-metrics': 'uptime, latency, errors',
  'mlops/retraining-runbook': 'https://docs.example.com/runbooks/churn',
};

/** Level 1, claims 2, target 3 (regulated); a waiver and two problems. */
export const churnEntity = mlEntity('churn-model', {
  ...LEVEL1,
  'mlops/claimed-level': '2',
  'mlops/regulated': 'true',
  'mlops/pipeline': 'https://github.com/acme/churn/actions',
  'mlops/deploy-decision': 'human',
  'mlops/waiver.feature-store':
    'features are computed inline; until 2026-12-31',
  'mlops/model-regsitry': 'typo',
  'mlops/gpu-utilization': 'lots',
});

/** Level 2, target 2: at target. */
export const fraudEntity = mlEntity('fraud-model', {
  ...LEVEL1,
  'mlops/pipeline': 'https://github.com/acme/fraud/actions',
  'mlops/deploy-decision': 'pipeline',
  'mlops/retraining-trigger': 'schedule',
  'mlops/quality-gate': 'candidate AUC > champion AUC',
  'mlops/test-set': 's3://acme/fraud/test-set/v3',
  'mlops/target-level': '2',
});

/** Level 1 with a pipeline, but humans decide deployments; no problems. */
export const humanDeployEntity = mlEntity('human-deploy-model', {
  ...LEVEL1,
  'mlops/pipeline': 'https://github.com/acme/human/actions',
  'mlops/deploy-decision': 'human',
});

/** Level 0: nothing yet. */
export const notebookEntity = mlEntity(
  'notebook-model',
  {},
  'user:default/ada',
);

const context = buildAssessmentContext([
  team,
  churnEntity,
  fraudEntity,
  humanDeployEntity,
]);

function assess(entity: Entity): EntityAssessmentResponse {
  return {
    ...assessEntity(entity, { context, now: NOW }),
    mlComponent: {
      isMlComponent: true,
      reason: 'its spec.type "ml-model" is an ML type',
    },
  };
}

export const churnAssessment = assess(churnEntity);
export const fraudAssessment = assess(fraudEntity);
export const notebookAssessment = assess(notebookEntity);
export const humanDeployAssessment = assess(humanDeployEntity);

/** The default rubric, as `GET /rubric` returns it. */
export const rubricResponse = toRubricResponse();

/** A fleet row of an assessment, as `GET /fleet` returns it. */
export function fleetRowOf(
  entity: Entity,
  a: EntityAssessmentResponse,
): FleetRow {
  return {
    entityRef: a.entityRef,
    title: null,
    owner: (entity.spec?.owner as string) ?? null,
    system: null,
    domain: null,
    kind: entity.kind.toLocaleLowerCase('en-US'),
    lifecycle: 'production',
    type: 'ml-model',
    level: a.level,
    levelName: a.levelName,
    targetLevel: a.targetLevel,
    claimedLevel: a.claimedLevel,
    gap: Math.max(0, a.targetLevel - a.level),
    failingChecks: {
      count: a.checks.filter(c => !c.passed).length,
      ids: a.checks.filter(c => !c.passed).map(c => c.id),
    },
    waived: a.checks.some(c => c.waived),
    problems: a.problems.length,
    lastChangedAt: '2026-03-10T08:00:00.000Z',
  };
}
