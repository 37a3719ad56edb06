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

import { z } from 'zod';
import { MaturityRubric } from '../types';

const nonEmpty = z.string().trim().min(1, 'must be a non-empty string');
const checkId = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'must be lower-case words joined by dashes, like "model-registry"',
  );

const conditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('present'), annotation: nonEmpty }).strict(),
  z
    .object({
      type: z.literal('equals'),
      annotation: nonEmpty,
      value: nonEmpty,
    })
    .strict(),
  z
    .object({
      type: z.literal('includesAll'),
      annotation: nonEmpty,
      values: z.array(nonEmpty).min(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('includesAny'),
      annotation: nonEmpty,
      values: z.array(nonEmpty).min(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('greaterThan'),
      annotation: nonEmpty,
      value: z.number().finite(),
    })
    .strict(),
  z
    .object({
      type: z.literal('sharedOwnership'),
      minGroupMembers: z.number().int().min(1),
    })
    .strict(),
]);

const rubricSchema = z
  .object({
    annotationPrefix: z
      .string()
      .regex(
        /^[a-z0-9.-]+\/$/,
        'must be a lower-case annotation prefix ending in "/", like "mlops/"',
      ),
    mlTypes: z.array(nonEmpty),
    levels: z
      .array(
        z
          .object({
            level: z.number().int().min(0),
            name: nonEmpty,
            description: nonEmpty,
            climb: z
              .object({
                actions: nonEmpty,
                effort: nonEmpty,
                tools: z.array(nonEmpty),
              })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .min(2, 'needs level 0 and at least one level above it'),
    checks: z.array(
      z
        .object({
          id: checkId,
          level: z.number().int().min(1),
          statement: nonEmpty,
          evidence: nonEmpty,
          conditions: z.array(conditionSchema).min(1),
        })
        .strict(),
    ),
    annotations: z.array(
      z
        .object({
          key: nonEmpty,
          kind: z.enum(['text', 'list', 'enum', 'boolean', 'percent', 'level']),
          description: nonEmpty,
          values: z.array(nonEmpty).optional(),
          min: z.number().finite().optional(),
          max: z.number().finite().optional(),
          example: nonEmpty,
        })
        .strict(),
    ),
    targets: z
      .object({
        default: z.number().int().min(0),
        elevated: z.number().int().min(0),
        ownerComponentThreshold: z.number().int().min(1),
      })
      .strict(),
  })
  .strict();

/**
 * Thrown by {@link validateRubric}: every problem found, each naming the path
 * of the offending key (for example `checks[3].level`).
 *
 * @public
 */
export class RubricValidationError extends Error {
  readonly issues: string[];

  constructor(issues: string[], source: string) {
    super(
      `Invalid MLOps maturity rubric${source ? ` in ${source}` : ''}:\n${issues
        .map(i => `  - ${i}`)
        .join('\n')}`,
    );
    this.name = 'RubricValidationError';
    this.issues = issues;
  }
}

function formatPath(base: string, path: Array<string | number>): string {
  let out = base;
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out ? `.${part}` : part;
    }
  }
  return out || '(root)';
}

/**
 * Checks that a value is a complete, consistent rubric and returns it typed.
 *
 * @remarks
 * Beyond the shape, it checks what the engine relies on: levels numbered
 * 0..N without gaps, every check on an existing level above 0, unique check
 * ids and annotation keys, annotation keys under the prefix, and conditions
 * that only name annotations the rubric declares, with a kind that fits.
 *
 * @param value - the candidate rubric, for example read from config
 * @param source - where it came from, used in messages (for example a config key)
 * @throws RubricValidationError naming every offending key
 * @public
 */
export function validateRubric(value: unknown, source = ''): MaturityRubric {
  const parsed = rubricSchema.safeParse(value);
  if (!parsed.success) {
    throw new RubricValidationError(
      parsed.error.issues.map(
        issue => `${formatPath(source, issue.path)}: ${issue.message}`,
      ),
      source,
    );
  }
  const rubric = parsed.data as MaturityRubric;
  const issues: string[] = [];
  const at = (path: Array<string | number>, msg: string) =>
    issues.push(`${formatPath(source, path)}: ${msg}`);

  rubric.levels.forEach((level, i) => {
    if (level.level !== i) {
      at(
        ['levels', i, 'level'],
        `must be ${i}: levels are numbered 0..N in order`,
      );
    }
    if (i > 0 && !level.climb) {
      at(['levels', i, 'climb'], 'is required for every level above 0');
    }
  });
  const maxLevel = rubric.levels.length - 1;

  const annotations = new Map<string, (typeof rubric.annotations)[number]>();
  rubric.annotations.forEach((a, i) => {
    if (!a.key.startsWith(rubric.annotationPrefix)) {
      at(
        ['annotations', i, 'key'],
        `"${a.key}" must start with "${rubric.annotationPrefix}"`,
      );
    }
    if (annotations.has(a.key)) {
      at(['annotations', i, 'key'], `"${a.key}" is declared twice`);
    }
    if (a.kind === 'enum' && !a.values?.length) {
      at(['annotations', i, 'values'], 'is required for an enum annotation');
    }
    if (
      a.kind === 'percent' &&
      (a.min === undefined || a.max === undefined || a.min > a.max)
    ) {
      at(['annotations', i], 'a percent annotation needs min <= max');
    }
    annotations.set(a.key, a);
  });

  const ids = new Set<string>();
  const levelsWithChecks = new Set<number>();
  rubric.checks.forEach((check, i) => {
    if (ids.has(check.id)) {
      at(['checks', i, 'id'], `"${check.id}" is used by two checks`);
    }
    ids.add(check.id);
    if (check.level > maxLevel) {
      at(
        ['checks', i, 'level'],
        `is ${check.level}, but the highest level is ${maxLevel}`,
      );
    }
    levelsWithChecks.add(check.level);
    check.conditions.forEach((cond, j) => {
      if (cond.type === 'sharedOwnership') return;
      const decl = annotations.get(cond.annotation);
      const path = ['checks', i, 'conditions', j, 'annotation'];
      if (!decl) {
        at(path, `"${cond.annotation}" is not declared in annotations`);
        return;
      }
      const fits: Record<string, string[]> = {
        present: ['text', 'list', 'enum', 'percent', 'level', 'boolean'],
        equals: ['enum', 'text'],
        includesAll: ['list'],
        includesAny: ['list'],
        greaterThan: ['percent'],
      };
      if (!fits[cond.type].includes(decl.kind)) {
        at(
          path,
          `a "${cond.type}" condition cannot use "${cond.annotation}", which is of kind "${decl.kind}"`,
        );
      }
    });
  });
  for (let l = 1; l <= maxLevel; l++) {
    if (!levelsWithChecks.has(l)) {
      at(
        ['levels', l],
        `level ${l} has no checks; every level above 0 needs at least one`,
      );
    }
  }
  for (const key of ['default', 'elevated'] as const) {
    if (rubric.targets[key] > maxLevel) {
      at(
        ['targets', key],
        `is ${rubric.targets[key]}, but the highest level is ${maxLevel}`,
      );
    }
  }
  if (issues.length > 0) {
    throw new RubricValidationError(issues, source);
  }
  return rubric;
}
