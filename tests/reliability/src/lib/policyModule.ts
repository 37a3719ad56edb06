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

import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** Sees everything except what team-fraud owns. */
export const MALLORY = 'user:default/mallory';
/** May read no entity at all. */
export const NOBODY = 'user:default/nobody';
/** The owner whose entities Mallory may not see. */
export const HIDDEN_OWNER = 'group:default/team-fraud';

/**
 * A catalog permission policy as an organisation would write it: catalog
 * entity permissions are conditional for Mallory (nothing owned by
 * team-fraud), denied for Nobody, allowed for everyone else.
 */
export class HidingPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ref = user?.info.userEntityRef;
    if (isResourcePermission(request.permission, 'catalog-entity')) {
      if (ref === NOBODY) return { result: AuthorizeResult.DENY };
      if (ref === MALLORY) {
        return createCatalogConditionalDecision(request.permission, {
          not: catalogConditions.isEntityOwner({ claims: [HIDDEN_OWNER] }),
        });
      }
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** The policy as a module of the permission backend. */
export const hidingPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'reliability-hiding-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new HidingPolicy());
      },
    });
  },
});
