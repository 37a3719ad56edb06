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

import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Entity } from '@backstage/catalog-model';

/** The repository's `examples/` folder. */
export const examplesDir = path.resolve(__dirname, '../../../../examples');

/** Every entity of the example files, except the root Location. */
export function exampleEntities(): Entity[] {
  const files = [path.join(examplesDir, 'org', 'catalog-info.yaml')];
  const componentsDir = path.join(examplesDir, 'components');
  for (const dir of fs.readdirSync(componentsDir).sort()) {
    files.push(path.join(componentsDir, dir, 'catalog-info.yaml'));
  }
  const entities: Entity[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const value = doc.toJS();
      if (value && typeof value === 'object' && value.kind) {
        entities.push(value as Entity);
      }
    }
  }
  return entities;
}

const EVIDENCE = [
  'mlops/model-registry',
  'mlops/experiment-tracking',
  'mlops/retraining-runbook',
  'mlops/pipeline',
  'mlops/quality-gate',
  'mlops/test-set',
  'mlops/feature-store',
  'mlops/ab-testing',
  'mlops/drift-detection',
  'mlops/rbac',
  'mlops/audit-trail',
];

/**
 * `count` generated ML components owned by the example teams. A different
 * `generation` changes the evidence of about a third of them, so that a
 * refresh after the catalog changed writes history.
 */
export function syntheticEntities(count: number, generation = 0): Entity[] {
  const owners = [
    'group:default/team-credit-risk',
    'group:default/team-fraud',
    'group:default/team-ml-platform',
    'group:default/team-retention',
  ];
  const entities: Entity[] = [];
  for (let i = 0; i < count; i++) {
    const shift = i % 3 === 0 ? generation : 0;
    const evidence = (i + shift) % (EVIDENCE.length + 1);
    const annotations: Record<string, string> = {
      'mlops/health-metrics': 'uptime, latency, errors',
      'mlops/deploy-decision': i % 2 ? 'pipeline' : 'human',
      'mlops/retraining-trigger': 'schedule, drift',
    };
    for (let j = 0; j < evidence; j++) {
      annotations[EVIDENCE[j]] = `https://evidence.example.com/${i}/${j}`;
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `synthetic-model-${String(i).padStart(5, '0')}`,
        title: `Synthetic model ${i}`,
        annotations,
      },
      spec: {
        type: ['ml-model', 'ml-service', 'ml-pipeline'][i % 3],
        lifecycle: 'production',
        owner: owners[i % owners.length],
        system: 'system:default/payments',
      },
    });
  }
  return entities;
}

/** A component with hostile metadata; `name` is its metadata.name. */
function hostile(
  name: string,
  annotations: Record<string, string>,
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations, ...metadata },
    spec: {
      type: 'ml-model',
      lifecycle: 'production',
      owner: 'group:default/team-ml-platform',
      ...spec,
    },
  };
}

/** Keys that name Object.prototype members; all valid annotation keys. */
function prototypeNames(): Record<string, string> {
  return {
    'mlops/model-registry': 'mlflow',
    'mlops/constructor': 'x',
    'mlops/toString': 'x',
    'mlops/hasOwnProperty': 'x',
    'mlops/waiver.constructor': 'no reason; until 2099-01-01',
    'mlops/waiver.toString': 'no reason; until 2099-01-01',
    'mlops/waiver.hasOwnProperty': 'no reason; until 2099-01-01',
  };
}

/** `__proto__` keys as JSON.parse makes them (own properties). */
export function protoAnnotations(): Record<string, string> {
  return JSON.parse(
    '{"mlops/model-registry":"mlflow","__proto__":{"polluted":"yes"},"mlops/__proto__":"x","mlops/waiver.__proto__":"x; until 2099-01-01"}',
  );
}

/**
 * ML components that try to break the assessment: a 1 MB annotation value,
 * 10,000 annotations, `__proto__` and `constructor` keys, NUL bytes, values
 * longer than any database column, SQL and JSON fragments.
 */
export function hostileEntities(): Entity[] {
  const many: Record<string, string> = {};
  for (let i = 0; i < 10_000; i++) many[`mlops/unknown-key-${i}`] = `v${i}`;
  many['mlops/model-registry'] = 'mlflow';
  const long = 'x'.repeat(1000);
  return [
    hostile('hostile-huge-value', {
      'mlops/model-registry': 'm'.repeat(1024 * 1024),
      'mlops/health-metrics': `${'uptime,'.repeat(100_000)}latency`,
    }),
    hostile('hostile-many-annotations', many),
    hostile('hostile-prototype-names', prototypeNames(), {
      owner: 'group:default/__proto__',
    }),
    // The catalog rejects these keys; the rest of the fleet must not care.
    hostile('hostile-proto-keys', protoAnnotations()),
    hostile(
      'hostile-nul-bytes',
      {
        'mlops/model-registry': 'ml\u0000flow',
        'mlops/deploy-decision': 'pipe\u0000line',
        'mlops/gpu-utilization': '\u000061%',
      },
      { lifecycle: 'prod\u0000uction', type: 'ml-model' },
      { title: 'Title with a NUL \u0000 byte' },
    ),
    hostile(
      'hostile-long-columns',
      { 'mlops/model-registry': 'mlflow' },
      {
        lifecycle: long,
        owner: `group:default/${long}`,
        system: `system:default/${long}`,
        domain: `domain:default/${long}`,
      },
      { title: 'T'.repeat(100_000) },
    ),
    hostile(
      'hostile-sql-json',
      {
        'mlops/model-registry': "'); DROP TABLE mlops_maturity_snapshot; --",
        'mlops/target-level': '{"$gt": ""}',
        'mlops/claimed-level': '1e309',
        'mlops/gpu-utilization': 'NaN',
        'mlops/retraining-trigger': ',,,drift,,,',
        'mlops/waiver.rbac': '; until 9999-99-99',
      },
      { owner: "group:default/x' OR '1'='1" },
      { title: '=cmd|" /C calc"!A0' },
    ),
  ];
}
