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

import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { EntityFilterQuery } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AssessmentContext,
  MaturityRubric,
  buildAssessmentContext,
  isMlComponent,
} from '@mlops-maturity/plugin-mlops-maturity-common';

const PAGE_SIZE = 500;

/** Fields of Groups and Users that give Group membership (as the backend plugin reads them). */
const ORG_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec.memberOf',
  'relations',
];

/** Fields that tell whether an entity is an ML component, and its owner. */
const COMPONENT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
];

/**
 * Where the context of an assessment came from: the whole catalog, or only
 * the entity itself (the catalog has not been read yet).
 *
 * @public
 */
export type LevelBasis = 'catalog' | 'entity-only';

/**
 * The part of the catalog an assessment needs beyond the entity itself —
 * Group member counts and owners' ML-component counts — read with the
 * catalog's own service credentials every few minutes, never per entity.
 *
 * @public
 */
export class CatalogContextCache {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #logger: LoggerService;
  readonly #rubric: MaturityRubric;
  #context: AssessmentContext | undefined;
  #readAt: Date | undefined;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    rubric: MaturityRubric;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#logger = options.logger;
    this.#rubric = options.rubric;
  }

  /** The context of the last successful read, or `undefined` before the first one. */
  get context(): AssessmentContext | undefined {
    return this.#context;
  }

  /** When the catalog was last read successfully. */
  get readAt(): Date | undefined {
    return this.#readAt;
  }

  async #queryAll(
    filter: EntityFilterQuery | undefined,
    fields: string[],
  ): Promise<Entity[]> {
    const credentials = await this.#auth.getOwnServiceCredentials();
    const items: Entity[] = [];
    let response = await this.#catalog.queryEntities(
      { filter, fields, limit: PAGE_SIZE },
      { credentials },
    );
    items.push(...response.items);
    while (response.pageInfo.nextCursor) {
      response = await this.#catalog.queryEntities(
        { cursor: response.pageInfo.nextCursor, fields, limit: PAGE_SIZE },
        { credentials },
      );
      items.push(...response.items);
    }
    return items;
  }

  /**
   * Reads the catalog and replaces the context. A failed read keeps the
   * previous context (or none) and is logged; it never throws.
   */
  async refresh(): Promise<void> {
    try {
      const org = await this.#queryAll({ kind: ['Group', 'User'] }, ORG_FIELDS);
      const all = await this.#queryAll(undefined, COMPONENT_FIELDS);
      const components = all.filter(e => {
        const kind = e.kind.toLocaleLowerCase('en-US');
        return (
          kind !== 'group' && kind !== 'user' && isMlComponent(e, this.#rubric)
        );
      });
      this.#context = buildAssessmentContext(
        [...org, ...components],
        this.#rubric,
      );
      this.#readAt = new Date();
      this.#logger.debug(
        `Read ${org.length} Groups and Users and ${components.length} ML components for MLOps maturity levels`,
      );
    } catch (error) {
      this.#logger.warn(
        `Could not read the catalog for MLOps maturity levels; ${
          this.#context
            ? 'keeping the previous read'
            : 'levels are computed from each entity alone'
        }: ${(error as Error)?.message ?? String(error)}`,
      );
    }
  }
}
