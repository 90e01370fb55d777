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
import { DecommissionWorker } from './services/run/DecommissionWorker';
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
        scheduler: coreServices.scheduler,
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
        const worker = new DecommissionWorker({
          store,
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
          auditor: deps.auditor,
          logger,
          leaseMs: settings.workerLeaseMs,
        });
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
          worker,
          store,
          model,
          permissions: deps.permissions,
          auditor: deps.auditor,
          logger,
          interruptedAfterMs: settings.interruptedAfterMs,
        });
        // Every replica works (local scope); leases keep them apart. Polling
        // every third of a lease takes over a dead replica's runs within
        // about one lease.
        await deps.scheduler.scheduleTask({
          id: 'decommission-worker',
          scope: 'local',
          frequency: {
            milliseconds: Math.min(
              5_000,
              Math.max(1_000, settings.workerLeaseMs / 3),
            ),
          },
          timeout: { minutes: 1 },
          fn: async () => {
            await worker.poll();
          },
        });
        // Runs stop after their current item and go to another replica.
        deps.lifecycle.addShutdownHook(() => worker.stop());
        deps.httpRouter.use(
          await createRouter({ httpAuth: deps.httpAuth, decommissions }),
        );
      },
    });
  },
});
