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
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MaturityStore } from '../database/MaturityStore';
import { CatalogFleetReader } from './CatalogFleetReader';

/**
 * Which snapshot entities a caller may see: all of them, or only `refs`.
 *
 * @public
 */
export type Visibility = { all: true } | { all: false; refs: Set<string> };

/**
 * Decides which entities of the snapshot a caller may read, with the
 * catalog's own read permission.
 *
 * @public
 */
export class VisibilityService {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      reader: CatalogFleetReader;
      store: MaturityStore;
    },
  ) {}

  async resolve(credentials: BackstageCredentials): Promise<Visibility> {
    const { permissions, reader, store } = this.options;
    const [decision] = await permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return { all: true };
    if (decision.result === AuthorizeResult.DENY) {
      return { all: false, refs: new Set() };
    }
    // CONDITIONAL: ask the catalog which of the snapshot's kinds the caller sees.
    const kinds = await store.listKinds();
    const refs = await reader.readVisibleRefs(kinds, credentials);
    return { all: false, refs };
  }
}

/** The `entityRefs` restriction of a store query for a visibility. */
export function refsFilter(visibility: Visibility): Set<string> | undefined {
  return visibility.all ? undefined : visibility.refs;
}
