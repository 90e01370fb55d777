import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  scaffolderActionsExtensionPoint,
  scaffolderServiceRef,
} from '@backstage/plugin-scaffolder-node';
import { kubernetesClustersServiceRef } from '@paasport/kubernetes-node';
import { createApplyManifestsAction } from './actions/apply/applyManifests';
import { createAwaitEntityAction } from './actions/catalog/awaitEntity';
import { PaasportActionDeps } from './actions/deps';
import { createEnsureNamespaceAction } from './actions/namespace/ensureNamespace';
import { createTektonPipelineAction } from './actions/tekton/createPipeline';
import { createUndoTaskAction } from './actions/undo/undoTask';
import { createValidateServiceAction } from './actions/validate/validateService';
import { readPaasportScaffolderConfig } from './config';
import { ClusterObjects } from './kubernetes/ClusterObjects';
import { AbandonedTaskSweeper } from './ledger/AbandonedTaskSweeper';
import { TaskLedger } from './ledger/TaskLedger';
import { TaskUndoer } from './ledger/TaskUndoer';
import { paasportServiceCreatePermission } from './permissions';
import { ServiceAuthorizer } from './services/ServiceAuthorizer';
import { TeamDirectory } from './services/TeamDirectory';
import { createServiceNamesRouter } from './router/serviceNames';

/**
 * Paasport's scaffolder actions: `paasport:service:validate`,
 * `paasport:namespace:ensure`, `paasport:kubernetes:apply`,
 * `paasport:tekton:pipeline`, `paasport:catalog:await` and `paasport:task:undo`; a scheduled sweep that
 * undoes tasks which ended without their undo step; and the read-only
 * `GET /api/scaffolder/paasport/service-names/:name` the name field asks.
 *
 * @public
 */
export const scaffolderModulePaasport = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'paasport',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        database: coreServices.database,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        clusters: kubernetesClustersServiceRef,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        scaffolderService: scaffolderServiceRef,
      },
      async init({
        scaffolder,
        config,
        database,
        auth,
        auditor,
        permissions,
        permissionsRegistry,
        userInfo,
        catalog,
        clusters,
        httpRouter,
        httpAuth,
        logger,
        scheduler,
        scaffolderService,
      }) {
        permissionsRegistry.addPermissions([paasportServiceCreatePermission]);
        const ledger = await TaskLedger.create({ database });
        const integrations = ScmIntegrations.fromConfig(config);
        // One object client per cluster keeps API discovery cached across tasks.
        const objectClients = new Map<string, ClusterObjects>();
        const objects = (name: string) => {
          const cluster = clusters.get(name);
          if (!cluster) return undefined;
          let client = objectClients.get(name);
          if (!client) {
            client = new ClusterObjects(cluster);
            objectClients.set(name, client);
          }
          return client;
        };
        const directory = new TeamDirectory({ catalog, clusters });
        const deps: PaasportActionDeps = {
          config: readPaasportScaffolderConfig(config),
          directory,
          catalog,
          ledger,
          authorizer: new ServiceAuthorizer({ auth, permissions, userInfo }),
          integrations,
          auditor,
          objects: name => {
            directory.assertKnownClusters([name]);
            return objects(name)!;
          },
        };
        const undoer = new TaskUndoer({
          ledger,
          objects,
          integrations,
          catalog,
          auth,
        });
        scaffolder.addActions(
          createValidateServiceAction(deps),
          createEnsureNamespaceAction(deps),
          createApplyManifestsAction(deps),
          createTektonPipelineAction(deps),
          createAwaitEntityAction({ catalog }),
          createUndoTaskAction({ undoer, auditor }),
        );
        // Tasks that ended without their undo step (backend died, user
        // cancelled) are undone here; see AbandonedTaskSweeper.
        const sweeper = new AbandonedTaskSweeper({
          ledger,
          undoer,
          scaffolder: scaffolderService,
          auth,
          auditor,
          logger,
        });
        const sweepConfig = config.getOptionalConfig(
          'paasport.scaffolder.undoSweep',
        );
        await scheduler.scheduleTask({
          id: 'paasport-undo-abandoned-tasks',
          ...(sweepConfig
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(sweepConfig)
            : {
                frequency: { minutes: 5 },
                timeout: { minutes: 10 },
                initialDelay: { minutes: 1 },
              }),
          fn: async () => {
            const result = await sweeper.sweep();
            if (result.undone.length || result.unknown.length) {
              logger.info(
                `Undo sweep: ${result.undone.length} task(s) undone, ${result.unknown.length} not readable, ${result.forgotten.length} completed`,
              );
            }
          },
        });
        // On the scaffolder's router: GET /api/scaffolder/paasport/service-names/:name
        httpRouter.use(
          createServiceNamesRouter({
            config,
            httpAuth,
            catalog,
            integrations,
            logger,
          }),
        );
      },
    });
  },
});
