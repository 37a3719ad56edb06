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
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { mlopsMaturityApiRef } from '../../api/MlopsMaturityApi';
import { EntityAssessmentResponse } from '../../api/types';
import {
  churnAssessment,
  fraudAssessment,
  fraudEntity,
  humanDeployAssessment,
  humanDeployEntity,
  notebookAssessment,
  notebookEntity,
  rubricResponse,
} from '../../__testUtils__/fixtures';
import { mockMaturityApi } from '../../__testUtils__/mockApi';
import {
  EntityMaturityCard,
  describeAction,
  nextStep,
} from './EntityMaturityCard';

async function renderCard(
  entity: Entity,
  assessment: EntityAssessmentResponse,
  options: { mountEntityRoute?: boolean } = {},
) {
  const api = mockMaturityApi({
    getAssessment: jest.fn(async () => assessment),
  });
  await renderInTestApp(
    <TestApiProvider apis={[[mlopsMaturityApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityMaturityCard />
      </EntityProvider>
    </TestApiProvider>,
    options.mountEntityRoute
      ? {
          mountedRoutes: {
            '/catalog/:namespace/:kind/:name': entityRouteRef,
          },
        }
      : undefined,
  );
  return api;
}

describe('EntityMaturityCard', () => {
  it('shows the level, the target and the next step with its YAML', async () => {
    const api = mockMaturityApi({
      getAssessment: jest.fn(async () => notebookAssessment),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsMaturityApiRef, api]]}>
        <EntityProvider entity={notebookEntity}>
          <EntityMaturityCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByLabelText('Level 0 Manual, below target'),
    ).toBeInTheDocument();
    expect(screen.getByText('Target: level 2')).toBeInTheDocument();
    const step = screen.getByRole('region', { name: 'Next step' });
    expect(
      within(step).getByRole('link', {
        name: 'Next: add mlops/model-registry (level 1 Managed)',
      }),
    ).toBeInTheDocument();
    expect(step).toHaveTextContent(
      'Check model-registry: Model registry stores trained models with versions.',
    );
    expect(
      within(step).getByLabelText('YAML for the next step').textContent,
    ).toBe(notebookAssessment.recommendations[0].checks[0].yaml);
  });

  it('says there is nothing to do at target', async () => {
    const api = mockMaturityApi({
      getAssessment: jest.fn(async () => fraudAssessment),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[mlopsMaturityApiRef, api]]}>
        <EntityProvider entity={fraudEntity}>
          <EntityMaturityCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('At target: level 2 Automated. Nothing to do.'),
    ).toBeInTheDocument();
    // Nothing to do: the step is plain text, not a link.
    const step = screen.getByRole('region', { name: 'Next step' });
    expect(within(step).queryByRole('link')).not.toBeInTheDocument();
  });

  it('puts an annotation error first: it hides evidence', () => {
    expect(nextStep(churnAssessment)).toEqual({
      kind: 'problem',
      annotation: 'mlops/gpu-utilization',
      text: expect.stringMatching(/^Fix: mlops\/gpu-utilization /),
    });
    // A message that does not name its key gets it in front.
    const problem = {
      severity: 'error' as const,
      annotation: 'mlops/gpu-utilization',
      message: 'the value is not a number.',
    };
    expect(nextStep({ ...churnAssessment, problems: [problem] }).text).toBe(
      'Fix mlops/gpu-utilization: the value is not a number.',
    );
  });

  it('says the next step in a few words and links it to the maturity tab', async () => {
    await renderCard(humanDeployEntity, humanDeployAssessment, {
      mountEntityRoute: true,
    });
    const card = await screen.findByRole('region', { name: 'MLOps maturity' });
    expect(within(card).getByText('MLOps maturity')).toBeInTheDocument();
    const step = within(card).getByRole('region', { name: 'Next step' });
    const link = within(step).getByRole('link', {
      name: 'Next: set mlops/deploy-decision to pipeline (level 2 Automated)',
    });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/human-deploy-model/mlops-maturity',
    );
    expect(
      within(card).getByRole('link', { name: 'See all checks' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/human-deploy-model/mlops-maturity',
    );
    expect(
      within(step).getByRole('button', {
        name: 'Copy YAML for the next step',
      }),
    ).toBeInTheDocument();
  });

  it('phrases each kind of proposal', () => {
    const { annotations } = rubricResponse;
    expect(
      describeAction(
        'metadata:\n  annotations:\n    mlops/deploy-decision: "pipeline"',
        annotations,
      ),
    ).toBe('set mlops/deploy-decision to pipeline');
    expect(
      describeAction(
        'metadata:\n  annotations:\n    mlops/quality-gate: "x"\n    mlops/test-set: "s3://b/t"',
        annotations,
      ),
    ).toBe('add mlops/quality-gate and mlops/test-set');
    expect(
      describeAction(
        'metadata:\n  annotations:\n    mlops/gpu-utilization: "70%"  # your measured average; it must be above 60',
        annotations,
      ),
    ).toBe(
      'set mlops/gpu-utilization (your measured average; it must be above 60)',
    );
    expect(
      describeAction(
        'spec:\n  owner: group:default/<team-of-2-or-more>',
        annotations,
      ),
    ).toBe('make a group of at least 2 people its owner');
    expect(describeAction('', annotations)).toBeUndefined();
  });

  it('says so when the component is above its target', () => {
    expect(
      nextStep(
        { ...fraudAssessment, targetLevel: 1 },
        rubricResponse.annotations,
      ).text,
    ).toBe('Above target: level 2 Automated, target 1. Nothing to do.');
  });
});
