import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  applicationModelServiceRef,
  kubernetesClustersServiceRef,
} from '@paasport/kubernetes-node';
import { decommissionPermissions } from '@paasport/plugin-decommission-common';
import { readDecommissionConfig } from './config';
import { DatabaseDecommissionStore } from './database/DecommissionStore';
import { createRouter } from './router/createRouter';
import { CatalogEntities } from './services/catalog/CatalogEntities';
import { DecommissionPlanner } from './services/DecommissionPlanner';
import { DecommissionService } from './services/DecommissionService';
import { KubernetesPlanner } from './services/kubernetes/KubernetesPlanner';
import { KubernetesRemover } from './services/kubernetes/KubernetesRemover';
import { MarketplaceMiddleware } from './services/middleware/MarketplaceMiddleware';
import { SourceRepositories } from './services/repository/SourceRepositories';
import { DecommissionRunner } from './services/run/DecommissionRunner';
import { DecommissionScopeResolver } from './services/scope/DecommissionScope';

/**
 * Decommission of services (Components) and applications (Systems): a
 * preview of everything that would be removed, then its removal from the
 * clusters, the marketplace, the Git host and the catalog, under
 * `/api/decommission`.
 *
 * @public
 */
export const decommissionPlugin = createBackendPlugin({
  pluginId: 'decommission',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        clusters: kubernetesClustersServiceRef,
        model: applicationModelServiceRef,
      },
      async init(deps) {
        const { config, logger, auth, catalog, clusters, model } = deps;
        deps.permissionsRegistry.addPermissions(decommissionPermissions);
        const settings = readDecommissionConfig(config);
        const store = await DatabaseDecommissionStore.create({
          database: deps.database,
        });
        const middleware = new MarketplaceMiddleware({
          auth,
          discovery: deps.discovery,
          waitMs: settings.middlewareWaitMs,
        });
        const repositories = new SourceRepositories({
          integrations: ScmIntegrations.fromConfig(config),
          catalog,
        });
        const entities = new CatalogEntities({
          catalog,
          auth,
          goneWaitMs: settings.goneWaitMs,
        });
        const { grantRoles } = settings;
        const decommissions = new DecommissionService({
          planner: new DecommissionPlanner({
            scopes: new DecommissionScopeResolver({ catalog, model }),
            kubernetes: new KubernetesPlanner({
              model,
              clusters,
              grantRoles,
            }),
            middleware,
            repositories,
            entities,
          }),
          runner: new DecommissionRunner({
            store,
            kubernetes: new KubernetesRemover({
              model,
              grantRoles,
              goneWaitMs: settings.goneWaitMs,
            }),
            middleware,
            repositories,
            entities,
            model,
            logger,
          }),
          store,
          model,
          permissions: deps.permissions,
          auditor: deps.auditor,
          logger,
          interruptedAfterMs: settings.interruptedAfterMs,
        });
        // A run cut short by the shutdown shows as interrupted and can be
        // retried; waiting here only lets the current item finish cleanly.
        deps.lifecycle.addShutdownHook(() => decommissions.drain());
        deps.httpRouter.use(
          await createRouter({ httpAuth: deps.httpAuth, decommissions }),
        );
      },
    });
  },
});
