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
import { MockEntityListContextProvider } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  EntityMaturityLevelFilter,
  EntityMaturityLevelPicker,
} from './EntityMaturityLevelPicker';

const entity = (level?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `m-${level ?? 'none'}`,
    labels: level ? { 'mlops-maturity/level': level } : undefined,
  },
});

describe('EntityMaturityLevelFilter', () => {
  it('filters on the mlops-maturity/level label, in the backend and the frontend', () => {
    const filter = new EntityMaturityLevelFilter(['1', '2']);
    expect(filter.getCatalogFilters()).toEqual({
      'metadata.labels.mlops-maturity/level': ['1', '2'],
    });
    expect(filter.getCatalogQuery()).toEqual({
      'metadata.labels.mlops-maturity/level': { $in: ['1', '2'] },
    });
    expect(filter.filterEntity(entity('1'))).toBe(true);
    expect(filter.filterEntity(entity('3'))).toBe(false);
    expect(filter.filterEntity(entity())).toBe(false);
    expect(filter.toQueryValue()).toEqual(['1', '2']);
  });
});

describe('EntityMaturityLevelPicker', () => {
  it('updates the catalog filters when levels are checked', async () => {
    const updateFilters = jest.fn();
    await renderInTestApp(
      <MockEntityListContextProvider value={{ updateFilters }}>
        <EntityMaturityLevelPicker />
      </MockEntityListContextProvider>,
    );
    expect(
      screen.getByRole('group', { name: 'MLOps maturity level' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('L2 Automated'));
    await waitFor(() =>
      expect(updateFilters).toHaveBeenLastCalledWith({
        mlopsMaturityLevel: new EntityMaturityLevelFilter(['2']),
      }),
    );
    await userEvent.click(screen.getByLabelText('L2 Automated'));
    await waitFor(() =>
      expect(updateFilters).toHaveBeenLastCalledWith({
        mlopsMaturityLevel: undefined,
      }),
    );
  });

  it('starts from the levels in the URL query', async () => {
    const updateFilters = jest.fn();
    await renderInTestApp(
      <MockEntityListContextProvider
        value={{
          updateFilters,
          // The picker's own query parameter, beside the default filters.
          queryParameters: { mlopsMaturityLevel: ['3'] } as {},
        }}
      >
        <EntityMaturityLevelPicker />
      </MockEntityListContextProvider>,
    );
    expect(screen.getByLabelText('L3 Governed')).toBeChecked();
    expect(updateFilters).toHaveBeenCalledWith({
      mlopsMaturityLevel: new EntityMaturityLevelFilter(['3']),
    });
  });
});
