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

import {
  assessEntity,
  closestMatch,
  MaturityRubric,
} from '@mlops-maturity/plugin-mlops-maturity-common';

/**
 * The YAML that makes a check pass, as the engine proposes it to a component
 * that has nothing yet: the same snippet its recommendations show.
 */
export function checkExample(checkId: string, rubric: MaturityRubric): string {
  const maxLevel = rubric.levels.length - 1;
  const assessment = assessEntity(
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'my-model',
        // Aim for the top, so every level's failing checks are recommended.
        annotations: {
          [`${rubric.annotationPrefix}target-level`]: `${maxLevel}`,
        },
      },
      // A User owner fails the ownership check, so its snippet is proposed too.
      spec: {
        type: rubric.mlTypes[0] ?? 'ml-model',
        owner: 'user:default/someone',
      },
    },
    { rubric },
  );
  for (const step of assessment.recommendations) {
    const found = step.checks.find(ch => ch.id === checkId);
    if (found) return found.yaml;
  }
  return '';
}

/** What `explain` prints for one check, or an error with a did-you-mean. */
export function explainCheck(
  checkId: string,
  rubric: MaturityRubric,
): { ok: true; text: string } | { ok: false; message: string } {
  const check = rubric.checks.find(c => c.id === checkId);
  if (!check) {
    const ids = rubric.checks.map(c => c.id);
    const suggestion = closestMatch(checkId, ids);
    return {
      ok: false,
      message: `"${checkId}" is not a check.${
        suggestion ? ` Did you mean ${suggestion}?` : ''
      } Checks: ${ids.join(', ')}.`,
    };
  }
  const level = rubric.levels[check.level];
  const climb = level?.climb;
  const example = checkExample(check.id, rubric);
  const indent = (s: string) =>
    s
      .trimEnd()
      .split('\n')
      .map(line => `  ${line}`)
      .join('\n');
  const lines = [
    `${check.id}: level ${check.level} ${level?.name ?? ''}`.trimEnd(),
    '',
    `Statement: ${check.statement}`,
    `Evidence: passes when ${check.evidence}`,
    ...(level ? [`Level ${check.level}: ${level.description}`] : []),
    ...(climb
      ? [
          `Climb ${check.level - 1} → ${check.level}: ${climb.actions} (${
            climb.effort
          }; ${climb.tools.join(', ')})`,
        ]
      : []),
    '',
    'Example (add to catalog-info.yaml):',
    '',
    indent(example),
    '',
    'Does not apply, or accepted for a while? Waive it:',
    '',
    indent(
      `metadata:\n  annotations:\n    ${rubric.annotationPrefix}waiver.${check.id}: "<reason>; until YYYY-MM-DD"`,
    ),
    '',
  ];
  return { ok: true, text: lines.join('\n') };
}
