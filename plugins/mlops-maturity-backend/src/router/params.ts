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

import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { MaturityRubric } from '@mlops-maturity/plugin-mlops-maturity-common';
import { z } from 'zod';
import { MaturityStore } from '../database/MaturityStore';
import { AssessmentService } from '../service/AssessmentService';
import { FleetService } from '../service/FleetService';
import { RefreshService } from '../service/RefreshService';
import { FLEET_SORTS, FleetSort } from '../service/fleet';
import { MAX_FILTER_REFS, fullEntityRefs } from '../service/refs';

/**
 * What the route handlers use.
 *
 * @public
 */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  assessments: AssessmentService;
  fleet: FleetService;
  refresh: RefreshService;
  store: MaturityStore;
  rubric: MaturityRubric;
  badgesPublic: boolean;
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value && typeof value === 'object') {
    return Object.values(value).some(hasNul);
  }
  return false;
}

/**
 * What identifies the caller's credentials for grouping catalog reads: the
 * raw `Authorization` header (the same header always yields the same
 * credentials). Without one, reads are not grouped.
 */
export function callerKeyOf(req: {
  headers: { authorization?: string };
}): string | undefined {
  const header = req.headers.authorization;
  return typeof header === 'string' && header ? header : undefined;
}

/** The query of a route that takes no parameters (one schema for all). */
export const noQuery = z.object({}).strict();

/** Validates a query with a strict zod schema; errors name the parameter. */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
): z.infer<T> {
  // NUL characters reach no database (PostgreSQL refuses them in text).
  for (const [key, value] of Object.entries(query ?? {})) {
    if (hasNul(value)) {
      throw new InputError(
        `Invalid query parameter "${key}": must not contain NUL characters`,
      );
    }
  }
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const messages = result.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `Unknown query parameter(s) ${issue.keys
        .map(k => `"${k}"`)
        .join(', ')}`;
    }
    return `Invalid query parameter "${issue.path.join('.')}": ${
      issue.message
    }`;
  });
  throw new InputError(messages.join('; '));
}

const single = (what: string) =>
  z.string({
    invalid_type_error: `must be given once, as ${what}`,
  });

const wholeNumber = (min: number, max: number) =>
  single('a whole number')
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine(n => n >= min && n <= max, `must be from ${min} to ${max}`);

const booleanParam = single('true or false')
  .refine(v => v === 'true' || v === 'false', 'must be true or false')
  .transform(v => v === 'true');

const text = (what: string) =>
  single(what).min(1, `must not be empty (${what})`).max(255, 'is too long');

/** One entity ref or several, comma-separated (see `fullEntityRefs`). */
const entityRefsParam = (defaultKind: string, example: string) =>
  single(`one or more entity refs such as ${example}`)
    .min(1, `must not be empty (an entity ref such as ${example})`)
    .max(MAX_FILTER_REFS * 256, 'is too long')
    .transform((value, ctx) => {
      const parsed = fullEntityRefs(value, defaultKind, example);
      if ('error' in parsed) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error });
        return z.NEVER;
      }
      return parsed.refs;
    });

/** The filters shared by /fleet, /fleet.csv and /rollups. */
export function filterShape(rubric: MaturityRubric) {
  const maxLevel = rubric.levels.length - 1;
  const checkIds = rubric.checks.map(c => c.id);
  return {
    level: wholeNumber(0, maxLevel).optional(),
    minLevel: wholeNumber(0, maxLevel).optional(),
    maxLevel: wholeNumber(0, maxLevel).optional(),
    belowTarget: booleanParam.optional(),
    owner: entityRefsParam('group', 'group:default/team-a').optional(),
    system: entityRefsParam('system', 'system:default/payments').optional(),
    domain: entityRefsParam('domain', 'domain:default/lending').optional(),
    kind: text('an entity kind').optional(),
    type: text('a spec.type').optional(),
    lifecycle: text('a spec.lifecycle').optional(),
    failingCheck: single('a check id')
      .refine(
        v => checkIds.includes(v),
        `must be one of ${checkIds.join(', ')}`,
      )
      .optional(),
    waived: booleanParam.optional(),
    q: single('free text').max(200, 'is too long').optional(),
  };
}

export const sortParam = single('a sort order')
  .refine(
    (v): v is FleetSort => (FLEET_SORTS as readonly string[]).includes(v),
    {
      message: `must be one of ${FLEET_SORTS.join(', ')}`,
    },
  )
  .transform(v => v as FleetSort);

export const limitParam = (max: number) => wholeNumber(1, max);

export const cursorParam = single('the nextCursor of a previous response').max(
  2000,
  'is too long',
);
