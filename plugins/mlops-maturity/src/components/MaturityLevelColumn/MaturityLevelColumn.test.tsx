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

import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { createMaturityLevelColumn } from './MaturityLevelColumn';

const entity = (labels?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'churn-model', labels },
  spec: { type: 'ml-model' },
});

describe('createMaturityLevelColumn', () => {
  const column = createMaturityLevelColumn();

  it('shows the level from the mlops-maturity/level label', async () => {
    await renderInTestApp(
      <>
        {column.render!(
          { entity: entity({ 'mlops-maturity/level': '2' }) },
          'row',
        )}
      </>,
    );
    const chip = screen.getByLabelText('Level 2 Automated');
    expect(chip).toHaveTextContent(/^L2$/);
    // The name the short chip leaves out is in its tooltip.
    fireEvent.mouseOver(chip);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'L2 Automated',
    );
  });

  it('shows the level with its name when asked for full names', async () => {
    const full = createMaturityLevelColumn({ fullNames: true });
    await renderInTestApp(
      <>
        {full.render!(
          { entity: entity({ 'mlops-maturity/level': '4' }) },
          'row',
        )}
      </>,
    );
    expect(screen.getByLabelText('Level 4 Optimized')).toHaveTextContent(
      /^L4 Optimized$/,
    );
  });

  it('shows a dash without the label', async () => {
    await renderInTestApp(<>{column.render!({ entity: entity() }, 'row')}</>);
    expect(screen.getByLabelText('No maturity level')).toHaveTextContent('–');
  });

  it('sorts by level, unlabelled last in ascending order', () => {
    const rows = [
      { entity: entity({ 'mlops-maturity/level': '3' }) },
      { entity: entity() },
      { entity: entity({ 'mlops-maturity/level': '1' }) },
    ];
    const sorted = [...rows].sort((a, b) =>
      (column.customSort as (a: any, b: any) => number)(a, b),
    );
    expect(
      sorted.map(r => r.entity.metadata.labels?.['mlops-maturity/level']),
    ).toEqual([undefined, '1', '3']);
    expect(column.title).toBe('MLOps level');
  });
});
