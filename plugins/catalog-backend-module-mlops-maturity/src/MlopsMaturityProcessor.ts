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
import { ENTITY_STATUS_CATALOG_PROCESSING_TYPE } from '@backstage/catalog-client';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AssessmentContext,
  MaturityProblem,
  MaturityRubric,
  assessEntity,
  buildAssessmentContext,
  MATURITY_LEVEL_BASIS_ANNOTATION,
  MATURITY_LEVEL_LABEL,
  MATURITY_TARGET_LEVEL_LABEL,
  isMlComponent,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import type { LevelBasis } from './CatalogContextCache';

/** One item of an entity's `status.items` (the catalog model's alpha `EntityStatusItem`). */
interface StatusItem {
  type: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  error?: { name: string; message: string };
}

/**
 * The status item that reports a problem where Backstage shows processing
 * problems. Emitting a processing error would make the catalog keep the
 * previous version of the entity (or, for a new one, leave it out of the
 * catalog); a status item reports the problem and keeps the entity current.
 */
export function problemStatusItem(p: MaturityProblem): StatusItem {
  const name =
    p.severity === 'error'
      ? 'MlopsMaturityAnnotationError'
      : 'MlopsMaturityAnnotationWarning';
  return {
    type: ENTITY_STATUS_CATALOG_PROCESSING_TYPE,
    level: p.severity,
    message: `${name}: ${p.message}`,
    error: { name, message: p.message },
  };
}

/**
 * Where the processor gets the catalog's context from.
 *
 * @public
 */
export interface ContextSource {
  /** The catalog-wide context, or `undefined` while it is not yet known. */
  readonly context: AssessmentContext | undefined;
}

/**
 * Assesses every ML component as the catalog processes it: stamps its level
 * and target level as labels, and reports its `mlops/` annotation problems
 * in `status.items` — never blocking or dropping the entity.
 *
 * @public
 */
export class MlopsMaturityProcessor implements CatalogProcessor {
  readonly #rubric: MaturityRubric;
  readonly #contexts: ContextSource;
  readonly #logger?: LoggerService;
  readonly #now: () => Date;

  constructor(options: {
    rubric: MaturityRubric;
    contexts: ContextSource;
    logger?: LoggerService;
    now?: () => Date;
  }) {
    this.#rubric = options.rubric;
    this.#contexts = options.contexts;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  getProcessorName(): string {
    return 'MlopsMaturityProcessor';
  }

  async postProcessEntity(entity: Entity): Promise<Entity> {
    if (!isMlComponent(entity, this.#rubric)) return entity;
    let assessment;
    let basis: LevelBasis;
    try {
      const catalogContext = this.#contexts.context;
      basis = catalogContext ? 'catalog' : 'entity-only';
      assessment = assessEntity(entity, {
        rubric: this.#rubric,
        context:
          catalogContext ?? buildAssessmentContext([entity], this.#rubric),
        now: this.#now(),
      });
    } catch (error) {
      // The engine does not throw on bad input; should it still, the entity
      // goes on through the catalog untouched.
      this.#logger?.warn(
        `MLOps maturity could not assess ${entity.kind}:${
          entity.metadata.namespace ?? 'default'
        }/${entity.metadata.name}: ${String(error)}`,
      );
      return entity;
    }
    const status = (entity as Entity & { status?: { items?: StatusItem[] } })
      .status;
    const items = [
      ...(status?.items ?? []),
      ...assessment.problems.map(problemStatusItem),
    ];
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        labels: {
          ...entity.metadata.labels,
          [MATURITY_LEVEL_LABEL]: String(assessment.level),
          [MATURITY_TARGET_LEVEL_LABEL]: String(assessment.targetLevel),
        },
        annotations: {
          ...entity.metadata.annotations,
          [MATURITY_LEVEL_BASIS_ANNOTATION]: basis,
        },
      },
      ...(items.length > 0 ? { status: { ...status, items } } : {}),
    } as Entity;
  }
}
