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
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AssessmentContext,
  MaturityAssessment,
  MaturityRubric,
  assessEntity,
  buildAssessmentContext,
  contextFromOwnerFacts,
  isMlComponent,
  ownerRefOf,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import type { MaturityStore } from '../database/MaturityStore';
import { CatalogFleetReader, ENTITY_FIELDS, toRef } from './CatalogFleetReader';
import { EntityBatchReader } from './EntityBatchReader';
import type { MlComponentInfo } from '@mlops-maturity/plugin-mlops-maturity-common';

export type { MlComponentInfo };

const REF_PART = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

/**
 * A live assessment, with why the entity is assessed.
 *
 * @public
 */
export interface LiveAssessment {
  assessment: MaturityAssessment;
  mlComponent: MlComponentInfo;
}

/**
 * Validates the parts of an entity ref taken from a URL.
 *
 * @public
 */
export function parseRefParts(
  kind: string,
  namespace: string,
  name: string,
): CompoundEntityRef {
  for (const [label, value] of [
    ['kind', kind],
    ['namespace', namespace],
    ['name', name],
  ] as const) {
    if (!REF_PART.test(value)) {
      throw new InputError(
        `Invalid entity ${label} "${value}": it must start and end with a letter or digit and contain only letters, digits, "-", "_" and "."`,
      );
    }
  }
  return { kind, namespace, name };
}

/** How long what is known about an owner is reused by live assessments. */
const OWNER_TTL_MS = 30_000;
/** Owners remembered at most; the oldest is forgotten first. */
const OWNER_CACHE_SIZE = 5_000;

/**
 * Live, one-entity assessment with the caller's own credentials.
 *
 * @public
 */
export class AssessmentService {
  /**
   * The owner's Group and its other ML components, by owner ref. They only
   * set the target level, are read with the plugin's own credentials (the
   * same for every caller), and change far more slowly than entity pages
   * are opened: reading them once per owner and half-minute saves two
   * catalog queries per request. The entity itself is always read live, with
   * the caller's credentials.
   */
  private readonly owners = new Map<
    string,
    { expires: number; entities: Promise<Entity[]> }
  >();

  private readonly entities: EntityBatchReader;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      reader: CatalogFleetReader;
      rubric: MaturityRubric;
      /**
       * Where the latest snapshot's owner facts are read; without it, or for
       * an owner the snapshot does not know, the owner is read from the
       * catalog.
       */
      store?: Pick<MaturityStore, 'getOwnerFacts'>;
      /** Milliseconds the owner's context is reused; 0 reads it every time. */
      ownerTtlMs?: number;
    },
  ) {
    // Whole entities, not ENTITY_FIELDS: given fields, the catalog parses,
    // projects and serializes each entity again, where without them it
    // passes its stored JSON through; for a few entities per call that cost
    // more than the bytes it saves.
    this.entities = new EntityBatchReader(options.catalog);
  }

  /** Why an entity is or is not an ML component under the rubric. */
  explain(entity: Entity): MlComponentInfo {
    const { rubric } = this.options;
    const type = entity.spec?.type;
    const typeText = typeof type === 'string' ? type.trim() : undefined;
    const prefixed = Object.keys(entity.metadata.annotations ?? {}).filter(k =>
      k.startsWith(rubric.annotationPrefix),
    );
    if (!isMlComponent(entity, rubric)) {
      const typePart =
        typeText === undefined
          ? 'it has no spec.type'
          : `its spec.type "${typeText}" is not one of ${rubric.mlTypes.join(
              ', ',
            )}`;
      return {
        isMlComponent: false,
        reason: `${typePart}, and it has no "${rubric.annotationPrefix}" annotation`,
      };
    }
    const mlType = rubric.mlTypes.some(
      t => t.toLowerCase() === typeText?.toLowerCase(),
    );
    return {
      isMlComponent: true,
      reason: mlType
        ? `its spec.type "${typeText}" is an ML type`
        : `it has ${prefixed.length} "${rubric.annotationPrefix}" annotation${
            prefixed.length === 1 ? '' : 's'
          }`,
    };
  }

  /**
   * The entity, when the caller may read it and it is an ML component;
   * otherwise a NotFoundError that does not reveal whether it exists.
   * Requests with the same `callerKey` (the caller's raw `Authorization`
   * header: identical credentials) that arrive together share one catalog
   * call.
   */
  async requireMlEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    callerKey?: string,
  ): Promise<Entity> {
    const entityRef = stringifyEntityRef(ref);
    let entity: Entity | undefined;
    try {
      entity = await this.entities.read(entityRef, credentials, callerKey);
    } catch (error) {
      throw new ServiceUnavailableError(
        `The catalog could not be reached to read ${entityRef}: ${
          (error as Error).message
        }`,
        error,
      );
    }
    if (!entity) {
      throw new NotFoundError(
        `Entity ${entityRef} is not an ML component: it does not exist in the catalog, or you are not allowed to read it`,
      );
    }
    const info = this.explain(entity);
    if (!info.isMlComponent) {
      throw new NotFoundError(
        `Entity ${entityRef} is not an ML component: ${info.reason}`,
      );
    }
    return entity;
  }

  /** Assesses one entity now, as the refresh would. */
  async assess(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    callerKey?: string,
  ): Promise<LiveAssessment> {
    const entity = await this.requireMlEntity(ref, credentials, callerKey);
    const context = await this.contextFor(entity);
    return {
      assessment: assessEntity(entity, {
        rubric: this.options.rubric,
        context,
      }),
      mlComponent: this.explain(entity),
    };
  }

  /**
   * What the engine needs about the owner (Group size, ML components
   * owned), as the latest refresh learned it from the whole catalog, so that
   * a live assessment agrees with the scheduled one and costs one catalog
   * read. An owner the snapshot does not know (new since the refresh, or no
   * snapshot yet) is read from the catalog with the plugin's own credentials.
   */
  private async contextFor(entity: Entity): Promise<AssessmentContext> {
    const { rubric, store } = this.options;
    const key = ownerRefOf(entity);
    if (store && key) {
      // The store failing only costs the catalog read below.
      const facts = await store.getOwnerFacts().catch(() => undefined);
      if (facts?.has(key)) return contextFromOwnerFacts(facts);
    }
    const owner = toRef(entity.spec?.owner, 'group', entity);
    const entities: Entity[] = [entity];
    if (owner) {
      const self = stringifyEntityRef(entity);
      for (const other of await this.ownerEntities(owner)) {
        if (stringifyEntityRef(other) !== self) entities.push(other);
      }
    }
    return buildAssessmentContext(entities, rubric);
  }

  /** The owner's Group (if it is one) and the entities it owns, cached. */
  private ownerEntities(owner: string): Promise<Entity[]> {
    const ttl = this.options.ownerTtlMs ?? OWNER_TTL_MS;
    const now = Date.now();
    const cached = this.owners.get(owner);
    if (cached && cached.expires > now) return cached.entities;
    const entities = this.readOwner(owner);
    if (ttl > 0) {
      this.owners.delete(owner);
      this.owners.set(owner, { expires: now + ttl, entities });
      if (this.owners.size > OWNER_CACHE_SIZE) {
        this.owners.delete(this.owners.keys().next().value!);
      }
      // A failed read is not remembered: the next request tries again.
      entities.catch(() => {
        if (this.owners.get(owner)?.entities === entities) {
          this.owners.delete(owner);
        }
      });
    }
    return entities;
  }

  private async readOwner(owner: string): Promise<Entity[]> {
    const { catalog, auth, reader } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const readGroup = async () => {
      if (!owner.startsWith('group:')) return undefined;
      try {
        return await catalog.getEntityByRef(owner, { credentials });
      } catch (error) {
        throw new ServiceUnavailableError(
          `The catalog could not be reached to read ${owner}: ${
            (error as Error).message
          }`,
          error,
        );
      }
    };
    const [group, owned] = await Promise.all([
      readGroup(),
      reader.queryAll(
        { 'relations.ownedBy': owner },
        ENTITY_FIELDS,
        credentials,
      ),
    ]);
    const entities: Entity[] = group ? [group] : [];
    for (const other of owned) {
      entities.push(reader.withRubricAnnotations(other));
    }
    return entities;
  }
}
