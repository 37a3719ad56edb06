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
import { churnAssessment, rubricResponse } from '../../__testUtils__/fixtures';
import { GapChecklist } from './GapChecklist';

describe('GapChecklist', () => {
  beforeEach(async () => {
    await renderInTestApp(
      <GapChecklist assessment={churnAssessment} rubric={rubricResponse} />,
    );
  });

  it('groups every check by level with its result in words', () => {
    for (const [level, name] of [
      [1, 'Managed'],
      [2, 'Automated'],
      [3, 'Governed'],
      [4, 'Optimized'],
    ]) {
      expect(
        screen.getByRole('region', { name: `Level ${level} ${name} checks` }),
      ).toBeInTheDocument();
    }
    expect(
      screen.getByRole('listitem', { name: 'model-registry: Passed' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', { name: 'quality-gate: Failed' }),
    ).toBeInTheDocument();
    // The rubric's statement and the engine's message.
    const gate = screen.getByRole('listitem', { name: 'quality-gate: Failed' });
    expect(
      within(gate).getByText(/Candidate must strictly beat champion/),
    ).toBeInTheDocument();
    const message = churnAssessment.checks.find(
      c => c.id === 'quality-gate',
    )!.message;
    expect(
      within(gate).getByText(message, { exact: false }),
    ).toBeInTheDocument();
  });

  it('shows the exact YAML of a failing check, with a copy button', () => {
    const gate = screen.getByRole('listitem', { name: 'quality-gate: Failed' });
    const expected = churnAssessment.recommendations
      .flatMap(r => r.checks)
      .find(c => c.id === 'quality-gate')!.yaml;
    const yaml = within(gate).getByLabelText('YAML for quality-gate');
    expect(yaml.textContent).toBe(expected);
    expect(
      within(gate).getByRole('button', { name: 'Copy YAML for quality-gate' }),
    ).toBeInTheDocument();
    // Passed checks carry no YAML.
    const registry = screen.getByRole('listitem', {
      name: 'model-registry: Passed',
    });
    expect(within(registry).queryByLabelText(/YAML/)).not.toBeInTheDocument();
  });

  it('shows a waived check with its reason and expiry', () => {
    const waived = screen.getByRole('listitem', {
      name: 'feature-store: Waived',
    });
    expect(
      within(waived).getByText(
        'Waived until 2026-12-31: features are computed inline',
      ),
    ).toBeInTheDocument();
  });

  it('lists the problems above the checks, each naming its annotation', () => {
    const problems = screen.getByRole('region', {
      name: 'Annotation problems',
    });
    const items = within(problems).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('mlops/model-regsitry');
    expect(items[0]).toHaveTextContent('Did you mean mlops/model-registry?');
    expect(items[1]).toHaveTextContent('mlops/gpu-utilization');
  });
  it('is a region named "Gap checklist" whose items carry the check ids', () => {
    const region = screen.getByRole('region', { name: 'Gap checklist' });
    const ids = churnAssessment.checks.map(c => c.id);
    for (const id of ids) {
      const item = within(region).getByRole('listitem', {
        name: new RegExp(`^${id}: `),
      });
      expect(item).toHaveTextContent(id);
    }
  });
});
