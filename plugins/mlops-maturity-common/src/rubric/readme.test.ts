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
import { defaultRubric } from './defaultRubric';
import { renderRubricMarkdown } from './renderRubricMarkdown';

describe('README annotation reference', () => {
  it('is the rendering of the default rubric (run `yarn docs:readme` to update it)', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '../../../../README.md'),
      'utf8',
    );
    const start = '<!-- rubric-reference:start -->';
    const end = '<!-- rubric-reference:end -->';
    const section = readme.slice(
      readme.indexOf(start) + start.length,
      readme.indexOf(end),
    );
    expect(readme.indexOf(start)).toBeGreaterThan(0);
    expect(section.trim()).toBe(renderRubricMarkdown(defaultRubric).trim());
  });

  it('lists every check id and annotation key of the contract', () => {
    const rendered = renderRubricMarkdown(defaultRubric);
    for (const check of defaultRubric.checks) {
      expect(rendered).toContain(`| \`${check.id}\` | ${check.level} |`);
    }
    for (const a of defaultRubric.annotations) {
      expect(rendered).toContain(`| \`${a.key}\` |`);
    }
  });
});
