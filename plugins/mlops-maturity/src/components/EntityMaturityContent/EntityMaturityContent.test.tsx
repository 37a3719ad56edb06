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

import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import { churnAssessment, churnEntity } from '../../__testUtils__/fixtures';
import { mockMaturityApi } from '../../__testUtils__/mockApi';
import { EntityMaturityContent } from './EntityMaturityContent';

function render(api: ReturnType<typeof mockMaturityApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[mlopsMaturityApiRef, api]]}>
      <EntityProvider entity={churnEntity}>
        <EntityMaturityContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

async function notFound(message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message },
        request: { method: 'GET', url: '/' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

describe('EntityMaturityContent', () => {
  it('shows the ladder, checklist, climb and history of the entity', async () => {
    const api = mockMaturityApi({
      getAssessment: jest.fn(async () => churnAssessment),
      getEntityHistory: jest.fn(async () => ({
        entityRef: churnAssessment.entityRef,
        levels: [{ at: '2026-03-01T00:00:00.000Z', level: 1 }],
        changes: [
          {
            entityRef: churnAssessment.entityRef,
            changedAt: '2026-03-01T00:00:00.000Z',
            oldLevel: null,
            newLevel: 1,
            flippedChecks: [],
          },
        ],
        generatedAt: null,
        dataAge: null,
        lastRefresh: null,
      })),
    });
    await render(api);
    expect(api.getAssessment).toHaveBeenCalledWith(
      'component:default/churn-model',
    );
    expect(
      await screen.findByRole('list', { name: 'Maturity levels' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', { name: 'quality-gate: Failed' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Climb to level 2' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Change log' }),
    ).toBeInTheDocument();
  });

  it('explains how to annotate an entity that is not an ML component', async () => {
    const api = mockMaturityApi({
      getAssessment: jest.fn(async () => {
        throw await notFound(
          'Entity component:default/churn-model is not an ML component: its spec.type "service" is not one of ml-model',
        );
      }),
    });
    await render(api);
    expect(await screen.findByText('Not an ML component')).toBeInTheDocument();
    expect(screen.getByText(/its spec.type "service"/)).toBeInTheDocument();
    expect(
      screen.getByLabelText('Example catalog-info.yaml').textContent,
    ).toContain('mlops/model-registry:');
  });

  it('says what failed when the backend errs, and keeps history errors apart', async () => {
    const api = mockMaturityApi({
      getAssessment: jest.fn(async () => {
        throw new Error('backend unreachable');
      }),
    });
    await render(api);
    expect(
      await screen.findByText(
        /Could not load the maturity assessment of component:default\/churn-model/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the assessment even when the history cannot be loaded', async () => {
    const api = mockMaturityApi({
      getAssessment: jest.fn(async () => churnAssessment),
      getEntityHistory: jest.fn(async () => {
        throw new Error('history store down');
      }),
    });
    await render(api);
    expect(
      await screen.findByText(/Could not load the maturity history/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'Maturity levels' }),
    ).toBeInTheDocument();
  });
});
