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

import { MaturityRubric } from '../types';

/**
 * The default MLOps maturity rubric: five levels from Manual to Optimized and
 * the checks of each, as the product contract defines them. Level lines, check
 * statements and climb rows are the maturity model's own words.
 *
 * @public
 */
export const defaultRubric: MaturityRubric = {
  annotationPrefix: 'mlops/',
  mlTypes: ['ml-model', 'ml-service', 'ml-pipeline'],
  levels: [
    {
      level: 0,
      name: 'Manual',
      description:
        'Notebooks copied to prod. No versioning. Single person dependency.',
    },
    {
      level: 1,
      name: 'Managed',
      description:
        'Model registry, basic monitoring, manual retraining with a process.',
      climb: {
        actions:
          'Install MLflow. Register one model. Add 3 monitoring metrics.',
        effort: '1 week',
        tools: ['MLflow', 'DVC', 'Prometheus'],
      },
    },
    {
      level: 2,
      name: 'Automated',
      description:
        'CI/CD pipelines, automated retraining triggers, quality gates.',
      climb: {
        actions:
          'Build one CI/CD pipeline. Add quality gate. Schedule retraining.',
        effort: '1 month',
        tools: ['GitHub Actions', 'KServe', 'Kubeflow Pipelines'],
      },
    },
    {
      level: 3,
      name: 'Governed',
      description:
        'Feature stores, A/B testing, drift-triggered retraining, RBAC, audit trails.',
      climb: {
        actions: 'Adopt a feature store. Wire A/B testing. Add RBAC + audit.',
        effort: '3–6 months',
        tools: ['Feast', 'Evidently', 'Istio'],
      },
    },
    {
      level: 4,
      name: 'Optimized',
      description:
        'Multi-model platform, GPU scheduling, cost optimization, self-healing.',
      climb: {
        actions:
          'Multi-tenancy. GPU pool. Cost dashboards. Self-healing automation.',
        effort: '6–12 months',
        tools: ['Karpenter', 'Knative', 'OpenTelemetry'],
      },
    },
  ],
  checks: [
    {
      id: 'model-registry',
      level: 1,
      statement: 'Model registry stores trained models with versions.',
      evidence: '`mlops/model-registry` present (URL or registry name)',
      conditions: [{ type: 'present', annotation: 'mlops/model-registry' }],
    },
    {
      id: 'experiment-tracking',
      level: 1,
      statement: 'Experiments are tracked (Level 0: "No experiment tracking").',
      evidence: '`mlops/experiment-tracking` present',
      conditions: [
        { type: 'present', annotation: 'mlops/experiment-tracking' },
      ],
    },
    {
      id: 'health-monitoring',
      level: 1,
      statement: 'Basic health monitoring (uptime, latency, errors).',
      evidence:
        '`mlops/health-metrics` list contains all of `uptime`, `latency`, `errors`',
      conditions: [
        {
          type: 'includesAll',
          annotation: 'mlops/health-metrics',
          values: ['uptime', 'latency', 'errors'],
        },
      ],
    },
    {
      id: 'retraining-process',
      level: 1,
      statement: 'Retraining follows a documented process.',
      evidence: '`mlops/retraining-runbook` present',
      conditions: [{ type: 'present', annotation: 'mlops/retraining-runbook' }],
    },
    {
      id: 'shared-ownership',
      level: 1,
      statement:
        'Someone other than the original author can retrain and deploy this model.',
      evidence:
        '`spec.owner` is not a User (a bare name defaults to a Group, as in Backstage); and where the catalog holds that Group, it has at least 2 members',
      conditions: [{ type: 'sharedOwnership', minGroupMembers: 2 }],
    },
    {
      id: 'ci-cd-pipeline',
      level: 2,
      statement: 'CI/CD pipeline for ML: train, evaluate, compare, deploy.',
      evidence: '`mlops/pipeline` present',
      conditions: [{ type: 'present', annotation: 'mlops/pipeline' }],
    },
    {
      id: 'pipeline-decides',
      level: 2,
      statement: 'A pipeline decides deployment; humans approve.',
      evidence:
        '`mlops/deploy-decision` is `pipeline` (allowed values: `pipeline`, `human`)',
      conditions: [
        {
          type: 'equals',
          annotation: 'mlops/deploy-decision',
          value: 'pipeline',
        },
      ],
    },
    {
      id: 'automated-retraining',
      level: 2,
      statement:
        'Automated retraining triggers: schedule-based, drift-based, or performance-based.',
      evidence:
        '`mlops/retraining-trigger` list contains at least one of `schedule`, `drift`, `performance` (allowed items: those three and `manual`)',
      conditions: [
        {
          type: 'includesAny',
          annotation: 'mlops/retraining-trigger',
          values: ['schedule', 'drift', 'performance'],
        },
      ],
    },
    {
      id: 'quality-gate',
      level: 2,
      statement: 'Candidate must strictly beat champion on a fixed test set.',
      evidence: '`mlops/quality-gate` present and `mlops/test-set` present',
      conditions: [
        { type: 'present', annotation: 'mlops/quality-gate' },
        { type: 'present', annotation: 'mlops/test-set' },
      ],
    },
    {
      id: 'feature-store',
      level: 3,
      statement: 'Training and serving use the same feature definitions.',
      evidence: '`mlops/feature-store` present',
      conditions: [{ type: 'present', annotation: 'mlops/feature-store' }],
    },
    {
      id: 'ab-testing',
      level: 3,
      statement:
        'Real traffic measures real business outcomes, not just test-set metrics.',
      evidence: '`mlops/ab-testing` present',
      conditions: [{ type: 'present', annotation: 'mlops/ab-testing' }],
    },
    {
      id: 'drift-response',
      level: 3,
      statement:
        'Drift detection triggers retraining pipelines without humans in the loop.',
      evidence:
        '`mlops/drift-detection` present and `mlops/retraining-trigger` contains `drift`',
      conditions: [
        { type: 'present', annotation: 'mlops/drift-detection' },
        {
          type: 'includesAny',
          annotation: 'mlops/retraining-trigger',
          values: ['drift'],
        },
      ],
    },
    {
      id: 'rbac',
      level: 3,
      statement: 'Role-based access control on who may promote models.',
      evidence: '`mlops/rbac` present',
      conditions: [{ type: 'present', annotation: 'mlops/rbac' }],
    },
    {
      id: 'audit-trail',
      level: 3,
      statement:
        'Who promoted what, when, with what data, with what comparison result.',
      evidence: '`mlops/audit-trail` present',
      conditions: [{ type: 'present', annotation: 'mlops/audit-trail' }],
    },
    {
      id: 'multi-model-platform',
      level: 4,
      statement: 'Dozens of models on shared infrastructure.',
      evidence: '`mlops/platform` present',
      conditions: [{ type: 'present', annotation: 'mlops/platform' }],
    },
    {
      id: 'gpu-scheduling',
      level: 4,
      statement: 'GPU scheduling across training and inference.',
      evidence: '`mlops/gpu-scheduling` present',
      conditions: [{ type: 'present', annotation: 'mlops/gpu-scheduling' }],
    },
    {
      id: 'gpu-utilization',
      level: 4,
      statement: 'GPU utilization averages above 60% across the platform.',
      evidence:
        '`mlops/gpu-utilization` is a number (a trailing `%` allowed) strictly greater than 60',
      conditions: [
        {
          type: 'greaterThan',
          annotation: 'mlops/gpu-utilization',
          value: 60,
        },
      ],
    },
    {
      id: 'cost-optimization',
      level: 4,
      statement:
        'Spot for training, reserved for inference, automated right-sizing.',
      evidence: '`mlops/cost-optimization` present',
      conditions: [{ type: 'present', annotation: 'mlops/cost-optimization' }],
    },
    {
      id: 'self-healing',
      level: 4,
      statement: 'Failed health checks trigger rollback.',
      evidence: '`mlops/self-healing` present',
      conditions: [{ type: 'present', annotation: 'mlops/self-healing' }],
    },
  ],
  annotations: [
    {
      key: 'mlops/model-registry',
      kind: 'text',
      description:
        'Where trained model versions are registered: a URL or registry name.',
      example: 'https://mlflow.example.com/#/models/<model-name>',
    },
    {
      key: 'mlops/experiment-tracking',
      kind: 'text',
      description: 'Where experiments are tracked: a URL or tool name.',
      example: 'https://mlflow.example.com/#/experiments/<id>',
    },
    {
      key: 'mlops/health-metrics',
      kind: 'list',
      description: 'Health metrics that are monitored, comma-separated.',
      example: 'uptime, latency, errors',
    },
    {
      key: 'mlops/retraining-runbook',
      kind: 'text',
      description: 'The documented retraining process: a link to the runbook.',
      example: 'https://docs.example.com/runbooks/<model-name>-retraining',
    },
    {
      key: 'mlops/pipeline',
      kind: 'text',
      description:
        'The CI/CD pipeline that trains, evaluates, compares and deploys.',
      example: 'https://github.com/<org>/<repo>/actions/workflows/train.yaml',
    },
    {
      key: 'mlops/deploy-decision',
      kind: 'enum',
      values: ['pipeline', 'human'],
      description:
        'Who decides a deployment: the pipeline (humans approve) or a human.',
      example: 'pipeline',
    },
    {
      key: 'mlops/retraining-trigger',
      kind: 'list',
      values: ['schedule', 'drift', 'performance', 'manual'],
      description: 'What triggers retraining, comma-separated.',
      example: 'schedule',
    },
    {
      key: 'mlops/quality-gate',
      kind: 'text',
      description:
        'The gate a candidate must pass: it must strictly beat the champion.',
      example: 'candidate AUC > champion AUC on the fixed test set',
    },
    {
      key: 'mlops/test-set',
      kind: 'text',
      description: 'The fixed test set the quality gate compares on.',
      example: 's3://<bucket>/<model-name>/test-set/v1',
    },
    {
      key: 'mlops/feature-store',
      kind: 'text',
      description: 'The feature store shared by training and serving.',
      example: 'feast://<project>/<feature-view>',
    },
    {
      key: 'mlops/ab-testing',
      kind: 'text',
      description:
        'How real traffic measures business outcomes (A/B or canary set-up).',
      example: 'https://experiments.example.com/<model-name>',
    },
    {
      key: 'mlops/drift-detection',
      kind: 'text',
      description: 'The drift detection that watches inputs and predictions.',
      example: 'https://evidently.example.com/projects/<model-name>',
    },
    {
      key: 'mlops/rbac',
      kind: 'text',
      description: 'The role-based access control on who may promote models.',
      example: 'group:default/<model-approvers>',
    },
    {
      key: 'mlops/audit-trail',
      kind: 'text',
      description:
        'Where promotions are recorded: who, what, when, data, comparison.',
      example: 'https://audit.example.com/models/<model-name>',
    },
    {
      key: 'mlops/platform',
      kind: 'text',
      description: 'The shared multi-model platform this component runs on.',
      example: '<platform-name>',
    },
    {
      key: 'mlops/gpu-scheduling',
      kind: 'text',
      description: 'How GPUs are scheduled across training and inference.',
      example: 'https://karpenter.example.com/nodepools/gpu',
    },
    {
      key: 'mlops/gpu-utilization',
      kind: 'percent',
      min: 0,
      max: 100,
      description: 'Average GPU utilization across the platform, in percent.',
      example: '70%',
    },
    {
      key: 'mlops/cost-optimization',
      kind: 'text',
      description:
        'How cost is optimized: spot training, reserved inference, right-sizing.',
      example: 'https://finops.example.com/dashboards/<model-name>',
    },
    {
      key: 'mlops/self-healing',
      kind: 'text',
      description: 'What rolls back automatically when health checks fail.',
      example: 'https://argo-rollouts.example.com/<model-name>',
    },
    {
      key: 'mlops/target-level',
      kind: 'level',
      description:
        'The level this component should be at (overrides the default target).',
      example: '3',
    },
    {
      key: 'mlops/claimed-level',
      kind: 'level',
      description:
        'The level the team believes it is at, shown beside the assessed level.',
      example: '2',
    },
    {
      key: 'mlops/regulated',
      kind: 'boolean',
      description:
        'Whether the component is in a regulated industry (finance, healthcare).',
      example: 'true',
    },
    {
      key: 'mlops/customer-facing',
      kind: 'boolean',
      description: "Whether the model's decisions affect customers directly.",
      example: 'true',
    },
  ],
  targets: {
    default: 2,
    elevated: 3,
    ownerComponentThreshold: 2,
  },
};
