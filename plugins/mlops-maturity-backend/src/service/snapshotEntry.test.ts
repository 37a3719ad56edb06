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

import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { snapshotColumnsOf, toRef } from './snapshotEntry';

function component(namespace: string | undefined, spec: object): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'Churn-Model', ...(namespace ? { namespace } : {}) },
    spec,
  };
}

describe('toRef', () => {
  it('resolves a bare name in the entity namespace, per default kind', () => {
    const inDefault = component(undefined, {});
    const inRisk = component('risk', {});
    // The same text, asked in turn: remembered answers must not cross
    // namespaces or kinds.
    for (let round = 0; round < 2; round++) {
      expect(toRef('ml-team', 'group', inDefault)).toBe(
        'group:default/ml-team',
      );
      expect(toRef('ml-team', 'group', inRisk)).toBe('group:risk/ml-team');
      expect(toRef('ml-team', 'system', inRisk)).toBe('system:risk/ml-team');
      expect(toRef('user:Ada', 'group', inRisk)).toBe('user:risk/ada');
      expect(toRef('group:other/Team', 'group', inRisk)).toBe(
        'group:other/team',
      );
    }
  });

  it('gives undefined for what is not a ref, every time', () => {
    const entity = component(undefined, {});
    for (let round = 0; round < 2; round++) {
      expect(toRef('', 'group', entity)).toBeUndefined();
      expect(toRef('   ', 'group', entity)).toBeUndefined();
      expect(toRef('group:', 'group', entity)).toBeUndefined();
      expect(toRef('x/', 'group', entity)).toBeUndefined();
      expect(toRef(42, 'group', entity)).toBeUndefined();
      expect(toRef(undefined, 'group', entity)).toBeUndefined();
    }
  });
});

describe('snapshotColumnsOf', () => {
  it('uses the ref it is given, or the entity ref', () => {
    const entity = component('risk', {
      owner: 'ml-team',
      system: 'scoring',
      type: 'ml-model',
    });
    const columns = snapshotColumnsOf(entity);
    expect(columns.entityRef).toBe(stringifyEntityRef(entity));
    expect(columns).toMatchObject({
      owner: 'group:risk/ml-team',
      system: 'system:risk/scoring',
      type: 'ml-model',
    });
    expect(snapshotColumnsOf(entity, 'component:risk/churn-model')).toEqual(
      columns,
    );
  });
});
