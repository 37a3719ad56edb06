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
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  MaturityAssessment,
  assessEntity,
  buildAssessmentContext,
  isMlComponent,
} from '@mlops-maturity/plugin-mlops-maturity-common';

/** The repository's `examples/` folder. */
export const examplesDir = path.resolve(__dirname, '../../../../examples');

/** Every entity of the example files, except the root Location. */
export function loadExampleEntities(): Entity[] {
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

/** What the engine computes for the example files, by entity ref. */
export function expectedAssessments(): Map<string, MaturityAssessment> {
  const entities = loadExampleEntities();
  const context = buildAssessmentContext(entities);
  const result = new Map<string, MaturityAssessment>();
  for (const entity of entities) {
    if (isMlComponent(entity)) {
      result.set(stringifyEntityRef(entity), assessEntity(entity, { context }));
    }
  }
  return result;
}
