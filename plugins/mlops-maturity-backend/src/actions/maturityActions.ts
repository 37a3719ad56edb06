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

import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  LEVEL_RULE,
  MaturityRubric,
  toContractJson,
  toRubricResponse,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import { AssessmentService } from '../service/AssessmentService';
import { FleetService } from '../service/FleetService';
import { FLEET_SORTS } from '../service/fleet';
import {
  entityRefExpected,
  fullEntityRef,
  fullEntityRefs,
} from '../service/refs';

/** Most components one call of the fleet action lists. */
const MAX_FLEET_LIMIT = 100;

function levelsLine(rubric: MaturityRubric): string {
  return rubric.levels.map(l => `${l.level} ${l.name}`).join(', ');
}

/** A filter's refs, as the fleet route reads them; InputError naming the field. */
function refs(
  value: string | undefined,
  field: string,
  defaultKind: string,
  example: string,
): string | string[] | undefined {
  if (value === undefined) return undefined;
  const parsed = fullEntityRefs(value, defaultKind, example);
  if ('error' in parsed) {
    throw new InputError(`Invalid input "${field}": ${parsed.error}`);
  }
  return parsed.refs;
}

function ref(
  value: string | undefined,
  field: string,
  defaultKind: string,
  example: string,
): string | undefined {
  if (value === undefined) return undefined;
  const full = fullEntityRef(value, defaultKind);
  if (full === undefined) {
    throw new InputError(
      `Invalid input "${field}": ${entityRefExpected(defaultKind, example)}`,
    );
  }
  return full;
}

/**
 * Registers the plugin's actions (for AI agents through MCP, and any other
 * user of Backstage's actions service). Every action runs with the
 * caller's credentials: it sees exactly what the caller may read in the
 * catalog, as the plugin's routes do.
 */
export function registerMaturityActions(options: {
  actionsRegistry: ActionsRegistryService;
  assessments: AssessmentService;
  fleet: FleetService;
  rubric: MaturityRubric;
}) {
  const { actionsRegistry, assessments, fleet, rubric } = options;
  const levels = levelsLine(rubric);
  const maxLevel = rubric.levels.length - 1;
  const checkIds = rubric.checks.map(c => c.id) as [string, ...string[]];

  actionsRegistry.register({
    name: 'get-entity-maturity',
    title: 'Get the MLOps maturity of an ML component',
    description: `Assesses one ML component of the software catalog (a model, pipeline or model service) on the MLOps maturity model: ${levels}. ${LEVEL_RULE} Returns the level, the target level and why, every check with its message, problems with the component's mlops/ annotations, and for each level up to the target the failing checks with the catalog-info.yaml annotations to add.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'The component, as an entity ref: [<kind>:][<namespace>/]<name>; the kind defaults to component and the namespace to default.',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          level: z.number(),
          levelName: z.string(),
          targetLevel: z.number(),
          targetReason: z
            .string()
            .describe(
              'Why the target is what it is: annotation, regulated, customer-facing, owner-components or default.',
            ),
          claimedLevel: z.number().nullable(),
          checks: z.array(
            z.object({
              id: z.string(),
              level: z.number(),
              passed: z
                .boolean()
                .describe('An active waiver counts as a pass.'),
              message: z.string(),
              waived: z.literal(true).optional(),
              waiver: z
                .object({ reason: z.string(), until: z.string() })
                .optional(),
            }),
          ),
          problems: z.array(
            z.object({
              severity: z.string(),
              annotation: z.string(),
              message: z.string(),
            }),
          ),
          recommendations: z
            .array(
              z.object({
                level: z.number(),
                levelName: z.string(),
                fromLevel: z.number(),
                actions: z.string(),
                effort: z.string(),
                tools: z.array(z.string()),
                checks: z.array(
                  z.object({
                    id: z.string(),
                    statement: z.string(),
                    message: z.string(),
                    yaml: z
                      .string()
                      .describe(
                        'The YAML that makes this check pass, to merge into catalog-info.yaml.',
                      ),
                  }),
                ),
                yaml: z
                  .string()
                  .describe("All of this level's YAML, merged into one."),
              }),
            )
            .describe(
              'One step per level from the next one up to the target (at least the next level).',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = ref(
        input.entityRef,
        'entityRef',
        'component',
        'component:default/churn-model',
      )!;
      const { assessment } = await assessments.assess(
        parseEntityRef(entityRef),
        credentials,
      );
      return {
        output: {
          ...toContractJson(assessment),
          targetReason: assessment.targetReason,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-ml-components-by-maturity',
    title: 'List ML components by MLOps maturity',
    description: `Lists the ML components of the software catalog with their MLOps maturity level (${levels}), from the latest scheduled assessment, filtered and sorted. Use it to find the components below their target level, those of one owner, or those failing one check. Returns one page and the total; pass nextCursor back as cursor for the next page.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          level: z.number().int().min(0).max(maxLevel).optional(),
          minLevel: z.number().int().min(0).max(maxLevel).optional(),
          maxLevel: z.number().int().min(0).max(maxLevel).optional(),
          belowTarget: z
            .boolean()
            .optional()
            .describe('true: only components below their target level.'),
          owner: z
            .string()
            .min(1)
            .optional()
            .describe(
              'An entity ref; a bare name means group:default/<name>. Several, separated by commas (at most 100), match any of them: a team and its sub-teams.',
            ),
          system: z
            .string()
            .min(1)
            .optional()
            .describe(
              'An entity ref; a bare name means system:default/<name>. Several, separated by commas, match any of them.',
            ),
          failingCheck: z
            .enum(checkIds)
            .optional()
            .describe('Only components where this check fails.'),
          type: z
            .string()
            .min(1)
            .optional()
            .describe('spec.type, such as ml-model.'),
          q: z
            .string()
            .min(1)
            .optional()
            .describe('Free text in the entity ref or title.'),
          sort: z
            .enum(FLEET_SORTS)
            .optional()
            .describe(
              'A leading - sorts descending; -gap puts the furthest from their target first.',
            ),
          limit: z.number().int().min(1).max(MAX_FLEET_LIMIT).optional(),
          cursor: z.string().min(1).optional(),
        }),
      output: z =>
        z.object({
          totalItems: z.number(),
          nextCursor: z.string().nullable(),
          generatedAt: z
            .string()
            .nullable()
            .describe('When the assessment these rows come from finished.'),
          items: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string().nullable(),
              owner: z.string().nullable(),
              system: z.string().nullable(),
              domain: z.string().nullable(),
              kind: z.string(),
              lifecycle: z.string().nullable(),
              type: z.string().nullable(),
              level: z.number(),
              levelName: z.string(),
              targetLevel: z.number(),
              claimedLevel: z.number().nullable(),
              gap: z.number().describe('Levels still to climb to the target.'),
              failingChecks: z.object({
                count: z.number(),
                ids: z.array(z.string()).readonly(),
              }),
              waived: z
                .boolean()
                .describe('Whether a check passes through an active waiver.'),
              problems: z
                .number()
                .describe("Error problems in the component's annotations."),
              lastChangedAt: z
                .string()
                .describe('When the level last changed.'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { sort = 'entityRef', limit = 20, cursor, ...filter } = input;
      const page = await fleet.list(
        credentials,
        {
          ...filter,
          owner: refs(filter.owner, 'owner', 'group', 'group:default/team-a'),
          system: refs(
            filter.system,
            'system',
            'system',
            'system:default/payments',
          ),
        },
        { sort, limit, cursor },
      );
      const { generatedAt } = await fleet.freshness();
      return {
        output: {
          totalItems: page.totalItems,
          nextCursor: page.nextCursor ?? null,
          generatedAt,
          items: page.items,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-maturity-rubric',
    title: 'Get the MLOps maturity rubric',
    description: `The rubric the MLOps maturity of ML components is assessed with: the levels (${levels}), each level's checks, the catalog-info.yaml annotations each check reads and the values they allow, waivers, and how the target level is chosen.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object({}),
      output: z => z.object({}).passthrough(),
    },
    action: async () => ({ output: { ...toRubricResponse(rubric) } }),
  });
}
