/*
 * The dev portal's backend: the catalog loading examples/, guest sign-in,
 * the permission framework, the MLOps maturity plugin, notifications and the
 * MCP server of the plugins' actions.
 */
import { createBackend } from '@backstage/backend-defaults';
import { examplePermissionPolicyModule } from './examplePermissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Validates mlops/ annotations and stamps the mlops-maturity/level label.
backend.add(
  import('@mlops-maturity/plugin-catalog-backend-module-mlops-maturity'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// Allow-all by default; MLOPS_EXAMPLE_POLICY=true switches to an example
// policy that hides one team's components (see examplePermissionPolicy.ts).
if (process.env.MLOPS_EXAMPLE_POLICY === 'true') {
  backend.add(examplePermissionPolicyModule);
} else {
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
}

backend.add(import('@mlops-maturity/plugin-mlops-maturity-backend'));
// Delivers the maturity plugin's level-drop notifications to the members of
// each component's owner (mlopsMaturity.notifications in app-config.yaml).
backend.add(import('@backstage/plugin-notifications-backend'));
// Serves the plugins' actions (the maturity plugin's included) to AI
// clients over MCP, at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
