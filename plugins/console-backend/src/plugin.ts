import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  applicationModelServiceRef,
  kubernetesClustersServiceRef,
} from '@paasport/kubernetes-node';
import { consolePermissions } from '@paasport/plugin-console-common';
import { registerConsoleActions } from './actions';
import { CanaryRunner } from './canary/CanaryRunner';
import { CanaryService } from './canary/CanaryService';
import { CanaryTicker } from './canary/CanaryTicker';
import { DatabaseCanaryStore } from './canary/store';
import { ClusterCaches } from './cache/ClusterCaches';
import { readConsoleConfig } from './config';
import { LogService } from './logs/LogService';
import { MetricsService } from './metrics/MetricsService';
import { SignalsService } from './signals/SignalsService';
import { ReleaseService } from './releases/ReleaseService';
import { RollbackProgress } from './rollback/RollbackProgress';
import { RollbackService } from './rollback/RollbackService';
import { DatabaseRollbackStore } from './rollback/RollbackStore';
import { createRouter } from './router/createRouter';

/**
 * The application console backend: releases, rollback, logs and metrics of
 * catalog entities' workloads across clusters, under `/api/console`.
 *
 * @public
 */
export const consolePlugin = createBackendPlugin({
  pluginId: 'console',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        actionsRegistry: actionsRegistryServiceRef,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        clusters: kubernetesClustersServiceRef,
        model: applicationModelServiceRef,
      },
      async init(deps) {
        const { logger, permissions, scheduler, lifecycle } = deps;
        deps.permissionsRegistry.addPermissions(consolePermissions);
        const config = readConsoleConfig(deps.config);

        const caches = new ClusterCaches({
          clusters: deps.clusters,
          logger,
          namespaces: config.namespaces,
          timing: config.timing,
          readyWaitMs: config.readyWaitMs,
        });
        caches.start();
        lifecycle.addShutdownHook(() => caches.stop());

        const store = await DatabaseRollbackStore.create({
          database: deps.database,
        });
        const entities = deps.model;
        const progress = new RollbackProgress({
          caches,
          store,
          logger,
          statefulSetDeadlineMs: config.statefulSetDeadlineMs,
        });
        // Finishes rollbacks that nobody polls. On every replica: a global
        // task's lock would wait out a killed replica's timeout, and the
        // refresh is safe to run twice (a finished rollback is never
        // written again, see DatabaseRollbackStore.update).
        await scheduler
          .createScheduledTaskRunner({
            frequency: { seconds: 10 },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 10 },
            scope: 'local',
          })
          .run({
            id: 'console-rollback-progress',
            fn: () => progress.refreshAll(),
          });

        const canaryStore = await DatabaseCanaryStore.create({
          database: deps.database,
        });
        const canaryRunner = new CanaryRunner({
          store: canaryStore,
          entities,
          prometheusUrl: cluster => caches.get(cluster).cluster.prometheusUrl,
        });
        const ticker = new CanaryTicker({
          store: canaryStore,
          runner: canaryRunner,
          entities,
          logger,
        });
        // On every replica: each canary is leased to one of them per tick
        // (DatabaseCanaryStore.claimDue), so none is stepped twice and a
        // killed replica's canaries move on once its lease expires.
        await scheduler
          .createScheduledTaskRunner({
            frequency: { seconds: 5 },
            timeout: { minutes: 2 },
            initialDelay: { seconds: 5 },
            scope: 'local',
          })
          .run({
            id: 'console-canary-ticks',
            fn: () => ticker.runDue().then(() => undefined),
          });

        const releases = new ReleaseService(caches, entities);
        const canaries = new CanaryService({
          caches,
          entities,
          permissions,
          store: canaryStore,
          runner: canaryRunner,
        });
        // The read-only capabilities, also as actions for the MCP actions
        // backend: the same service calls as the routes, so the same checks.
        registerConsoleActions({
          actionsRegistry: deps.actionsRegistry,
          auth: deps.auth,
          releases,
          canaries,
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            logger,
            caches,
            entities,
            store,
            progress,
            releases,
            rollbacks: new RollbackService({
              caches,
              entities,
              permissions,
              store,
            }),
            logs: new LogService({
              caches,
              entities,
              permissions,
              logger,
              ...config.logs,
            }),
            metrics: new MetricsService({ caches, entities, store }),
            signals: new SignalsService({ caches, entities }),
            canaries,
          }),
        );
      },
    });
  },
});
