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

import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { churnAssessment, fraudAssessment } from '../../__testUtils__/fixtures';
import { ClimbRecommendations } from './ClimbRecommendations';

describe('ClimbRecommendations', () => {
  it('lists each level up to the target with actions, effort, tools and YAML', async () => {
    await renderInTestApp(
      <ClimbRecommendations assessment={churnAssessment} />,
    );
    const to2 = screen.getByRole('region', { name: 'Climb to level 2' });
    expect(
      within(to2).getByText(
        'Build one CI/CD pipeline. Add quality gate. Schedule retraining.',
      ),
    ).toBeInTheDocument();
    expect(within(to2).getByText('Effort: 1 month')).toBeInTheDocument();
    expect(within(to2).getByText('Kubeflow Pipelines')).toBeInTheDocument();
    expect(
      within(to2).getByLabelText('YAML to reach level 2').textContent,
    ).toBe(churnAssessment.recommendations[0].yaml);
    expect(
      screen.getByRole('region', { name: 'Climb to level 3' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('counts the levels still to climb in its subheader', async () => {
    const first = await renderInTestApp(
      <ClimbRecommendations assessment={churnAssessment} />,
    );
    const gap = churnAssessment.targetLevel - churnAssessment.level;
    expect(
      screen.getByText(
        `${gap} levels to the target, level ${churnAssessment.targetLevel}.`,
      ),
    ).toBeInTheDocument();
    first.unmount();
    await renderInTestApp(
      <ClimbRecommendations
        assessment={{
          ...churnAssessment,
          targetLevel: churnAssessment.level + 1,
          recommendations: churnAssessment.recommendations.slice(0, 1),
        }}
      />,
    );
    expect(
      screen.getByText(
        `1 level to the target, level ${churnAssessment.level + 1}.`,
      ),
    ).toBeInTheDocument();
  });

  it('says clearly when the component is at its target', async () => {
    await renderInTestApp(
      <ClimbRecommendations assessment={fraudAssessment} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'This component is at its target level (2)',
    );
  });
  it('is a region named "How to climb"', async () => {
    await renderInTestApp(
      <ClimbRecommendations assessment={churnAssessment} />,
    );
    const region = screen.getByRole('region', { name: 'How to climb' });
    expect(
      within(region).getByRole('region', { name: 'Climb to level 2' }),
    ).toBeInTheDocument();
    expect(
      within(region).getByRole('button', {
        name: 'Copy YAML to reach level 2',
      }),
    ).toBeInTheDocument();
  });
});
