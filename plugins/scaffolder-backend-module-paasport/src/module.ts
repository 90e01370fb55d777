import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  scaffolderActionsExtensionPoint,
  scaffolderServiceRef,
} from '@backstage/plugin-scaffolder-node';
import {
  applicationModelServiceRef,
  kubernetesClustersServiceRef,
} from '@paasport/kubernetes-node';
import { createApplyManifestsAction } from './actions/apply/applyManifests';
import { createAwaitEntityAction } from './actions/catalog/awaitEntity';
import { PaasportActionDeps } from './actions/deps';
import { createEnsureNamespaceAction } from './actions/namespace/ensureNamespace';
import { createTektonPipelineAction } from './actions/tekton/createPipeline';
import { createUndoTaskAction } from './actions/undo/undoTask';
import { createValidateServiceAction } from './actions/validate/validateService';
import { readPaasportScaffolderConfig } from './config';
import { KubernetesClusterAccess } from './kubernetes/ClusterAccess';
import { AbandonedTaskSweeper } from './ledger/AbandonedTaskSweeper';
import { replicaName } from './ledger/replicaName';
import { TaskLedger } from './ledger/TaskLedger';
import { TaskUndoClaims } from './ledger/TaskUndoClaims';
import { TaskUndoer } from './ledger/TaskUndoer';
import { readUndoSweepSettings } from './ledger/undoSweepSettings';
import { paasportServiceCreatePermission } from './permissions';
import { ServiceAuthorizer } from './services/ServiceAuthorizer';
import { TeamPlacements } from './services/TeamPlacements';
import { createServiceNamesRouter } from './router/serviceNames';

/**
 * Paasport's scaffolder actions: `paasport:service:validate`,
 * `paasport:namespace:ensure`, `paasport:kubernetes:apply`,
 * `paasport:tekton:pipeline`, `paasport:catalog:await` and `paasport:task:undo`; a sweep on every
 * replica that undoes tasks which ended without their undo step (each
 * claimed with a short lease); and the read-only
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
        catalog: catalogServiceRef,
        clusters: kubernetesClustersServiceRef,
        model: applicationModelServiceRef,
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
        catalog,
        clusters,
        model,
        httpRouter,
        httpAuth,
        logger,
        scheduler,
        scaffolderService,
      }) {
        permissionsRegistry.addPermissions([paasportServiceCreatePermission]);
        // One name for this process: the ledger says which replica ran a
        // task, claims and their history which one undid it.
        const replica = replicaName();
        const ledger = await TaskLedger.create({ database, replica });
        const claims = await TaskUndoClaims.create({ database });
        const sweepSettings = readUndoSweepSettings(config);
        const integrations = ScmIntegrations.fromConfig(config);
        const settings = readPaasportScaffolderConfig(config);
        // The platform's identity for its own objects, the person's (through
        // the application model) for everything a template brings.
        const access = new KubernetesClusterAccess({
          clusters,
          model,
          fieldManager: settings.fieldManager,
        });
        const deps: PaasportActionDeps = {
          config: settings,
          catalog,
          ledger,
          authorizer: new ServiceAuthorizer({ permissions }),
          integrations,
          auditor,
          model,
          placements: new TeamPlacements({ model, access }),
          access,
        };
        const undoer = new TaskUndoer({
          ledger,
          access,
          model,
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
        // cancelled) are undone here, by whichever replica claims each; the
        // sweep runs on every replica (scope local by default), so no
        // scheduler lock of a dead replica holds it up. See
        // AbandonedTaskSweeper.
        const sweeper = new AbandonedTaskSweeper({
          ledger,
          claims,
          undoer,
          scaffolder: scaffolderService,
          auth,
          auditor,
          logger,
          owner: replica,
          leaseMs: sweepSettings.leaseMs,
        });
        await scheduler.scheduleTask({
          id: 'paasport-undo-abandoned-tasks',
          ...sweepSettings.schedule,
          fn: async signal => {
            const result = await sweeper.sweep(signal);
            if (
              result.undone.length ||
              result.unknown.length ||
              result.interrupted.length
            ) {
              logger.info(
                `Undo sweep by ${replica}: ${result.undone.length} task(s) undone, ${result.interrupted.length} interrupted, ${result.unknown.length} not readable or failed, ${result.forgotten.length} completed`,
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
