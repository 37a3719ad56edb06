/*
 * An example catalog permission policy for the dev portal, to see MLOps
 * maturity respect the catalog's permissions: entities owned by
 * group:default/team-fraud are hidden from everyone who is not a member of
 * that team (the guest user included), everywhere — the catalog, the
 * maturity tab, the fleet page, its counts, roll-ups, history and CSV.
 *
 * Start the portal with it:  MLOPS_EXAMPLE_POLICY=true ./scripts/start.sh
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

const HIDDEN_OWNER = 'group:default/team-fraud';

class HideFraudTeamPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isResourcePermission(request.permission, 'catalog-entity') &&
      !user?.info.ownershipEntityRefs.includes(HIDDEN_OWNER)
    ) {
      return createCatalogConditionalDecision(request.permission, {
        not: catalogConditions.isEntityOwner({ claims: [HIDDEN_OWNER] }),
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const examplePermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mlops-maturity-example-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new HideFraudTeamPolicy());
      },
    });
  },
});
