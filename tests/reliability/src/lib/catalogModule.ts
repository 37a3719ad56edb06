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
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';

const LOCATION = 'url:https://reliability.example.com/catalog-info.yaml';

function withLocation(entity: Entity): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [ANNOTATION_LOCATION]: LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: LOCATION,
      },
    },
  };
}

/**
 * The catalog module of the tests: an entity provider that puts the given
 * entities into the real catalog (a full mutation), and again whenever
 * `file` changes.
 */
export function entitiesModule(source: { entities?: Entity[]; file?: string }) {
  let connection: EntityProviderConnection | undefined;
  let lastMtime = 0;
  const apply = async (entities: Entity[]) => {
    await connection?.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity: withLocation(entity),
        locationKey: 'reliability',
      })),
    });
  };
  const readFile = async () => {
    if (!source.file || !fs.existsSync(source.file)) return;
    const mtime = fs.statSync(source.file).mtimeMs;
    if (mtime === lastMtime) return;
    lastMtime = mtime;
    await apply(JSON.parse(fs.readFileSync(source.file, 'utf8')));
  };
  const provider: EntityProvider = {
    getProviderName: () => 'reliability-entities',
    async connect(c) {
      connection = c;
      if (source.entities) await apply(source.entities);
      if (source.file) {
        await readFile();
        setInterval(() => {
          readFile().catch(() => undefined);
        }, 300).unref();
      }
    },
  };
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'reliability-entities',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider(provider);
        },
      });
    },
  });
}

/** Catalog config that accepts every kind the tests use. */
export const catalogConfig = {
  rules: [
    {
      allow: [
        'Component',
        'System',
        'Domain',
        'API',
        'Group',
        'User',
        'Location',
        'Resource',
      ],
    },
  ],
};
