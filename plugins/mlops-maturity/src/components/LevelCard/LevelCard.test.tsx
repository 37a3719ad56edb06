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
import { LEVEL_RULE } from '@mlops-maturity/plugin-mlops-maturity-common';
import {
  churnAssessment,
  fraudAssessment,
  rubricResponse,
} from '../../__testUtils__/fixtures';
import { LevelCard } from './LevelCard';

describe('LevelCard', () => {
  it('marks the current, target and claimed levels on the ladder', async () => {
    await renderInTestApp(
      <LevelCard assessment={churnAssessment} rubric={rubricResponse} />,
    );
    const ladder = screen.getByRole('list', { name: 'Maturity levels' });
    const rungs = within(ladder).getAllByRole('listitem');
    expect(rungs).toHaveLength(5);
    // Highest level first.
    expect(rungs[0]).toHaveAccessibleName(/^Level 4 Optimized/);

    const current = rungs.find(r => r.getAttribute('aria-current') === 'step');
    expect(current).toHaveAccessibleName('Level 1 Managed (current)');
    expect(within(current!).getByText('current')).toBeInTheDocument();

    const claimed = screen.getByRole('listitem', { name: /claimed/ });
    expect(claimed).toHaveAccessibleName('Level 2 Automated (claimed)');
    const target = screen.getByRole('listitem', { name: /target/ });
    expect(target).toHaveAccessibleName('Level 3 Governed (target)');
    expect(rungs.filter(r => r.hasAttribute('aria-current'))).toHaveLength(1);
  });

  it('shows the level description, the rule and the claim gap', async () => {
    await renderInTestApp(
      <LevelCard assessment={churnAssessment} rubric={rubricResponse} />,
    );
    expect(
      screen.getAllByText(
        'Model registry, basic monitoring, manual retraining with a process.',
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(LEVEL_RULE)).toBeInTheDocument();
    expect(
      screen.getByText('The team claims 2 — evidence says 1.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/regulated/)).toBeInTheDocument();
  });

  it('puts current and target on one level and says nothing of a claim when there is none', async () => {
    await renderInTestApp(
      <LevelCard assessment={fraudAssessment} rubric={rubricResponse} />,
    );
    expect(
      screen.getByRole('listitem', {
        name: 'Level 2 Automated (current, target)',
      }),
    ).toHaveAttribute('aria-current', 'step');
    expect(screen.queryByText(/evidence says/)).not.toBeInTheDocument();
  });
});
