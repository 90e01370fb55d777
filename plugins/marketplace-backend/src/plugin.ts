import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  applicationModelServiceRef,
  kubernetesClustersServiceRef,
} from '@paasport/kubernetes-node';
import { marketplacePermissions } from '@paasport/plugin-marketplace-common';
import {
  CredentialDelivery,
  marketplaceCredentialDeliveryExtensionPoint,
  marketplaceProvidersExtensionPoint,
} from '@paasport/plugin-marketplace-node';
import { DatabaseMarketplaceStore } from './database/DatabaseMarketplaceStore';
import { KubernetesSecretDelivery } from './delivery/KubernetesSecretDelivery';
import { OsbClient, OsbProvider } from './providers/osb';
import { createRouter } from './router/createRouter';
import { OfferingsService } from './services/offerings/OfferingsService';
import { QuotaPolicy } from './services/offerings/quotas';
import { processorTuningFromConfig } from './services/processor/policy';
import { ProviderRegistry } from './services/processor/ProviderRegistry';
import { RequestProcessor } from './services/processor/RequestProcessor';
import { BindingService } from './services/requests/BindingService';
import { ClusterTargets } from './services/requests/ClusterTargets';
import { RequestService } from './services/requests/RequestService';
import { ApplicationEntities } from './services/tenancy/ApplicationEntities';
import { TeamApprovers } from './services/tenancy/TeamApprovers';
import { TeamBoundary } from './services/tenancy/TeamBoundary';

const TASK_ID = 'marketplace-processor';

/**
 * The middleware marketplace back end, at `/api/marketplace`.
 *
 * @public
 */
export const marketplacePlugin = createBackendPlugin({
  pluginId: 'marketplace',
  register(env) {
    const providers = new ProviderRegistry();
    let delivery: CredentialDelivery | undefined;
    env.registerExtensionPoint(marketplaceProvidersExtensionPoint, {
      addProvider: (...added) => providers.add(...added),
    });
    env.registerExtensionPoint(marketplaceCredentialDeliveryExtensionPoint, {
      setCredentialDelivery(value) {
        if (delivery) throw new Error('Credential delivery is already set');
        delivery = value;
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        clusters: kubernetesClustersServiceRef,
        model: applicationModelServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const clusters = new ClusterTargets(
          deps.clusters.list().map(c => ({
            name: c.name,
            ...(c.title ? { title: c.title } : {}),
          })),
        );
        if (!delivery && clusters.configured) {
          // Credentials go where the team's applications run, as Secrets
          // written as the person who asked for them.
          delivery = new KubernetesSecretDelivery(
            deps.model,
            deps.clusters,
            logger,
          );
        }
        const brokers = config.getOptionalConfig('marketplace.brokers');
        for (const name of brokers?.keys() ?? []) {
          const broker = brokers!.getConfig(name);
          if (!broker.getOptionalString('password')) {
            // e.g. app-config.yaml's local broker when scripts/start.sh did not run it.
            logger.warn(
              `marketplace.brokers.${name} has no password: its plans stay unavailable`,
            );
            continue;
          }
          providers.add(
            new OsbProvider(
              name,
              new OsbClient({
                url: broker.getString('url'),
                username: broker.getString('username'),
                password: broker.getString('password'),
                timeoutMs:
                  (broker.getOptionalNumber('timeoutSeconds') ?? 30) * 1000,
              }),
            ),
          );
        }

        const store = await DatabaseMarketplaceStore.create({
          database: deps.database,
        });
        const processor = new RequestProcessor({
          store,
          providers,
          logger,
          delivery: () => delivery,
          tuning: processorTuningFromConfig(config),
        });
        const frequency =
          config.getOptionalNumber('marketplace.processor.frequencySeconds') ??
          5;
        await scheduler.scheduleTask({
          id: TASK_ID,
          frequency: { seconds: frequency },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 3 },
          // Every replica processes: the short, renewed row leases keep each
          // row to one processor. A global task would hold a lock in the
          // database that a killed replica keeps until the task's timeout,
          // stalling all marketplace work for minutes.
          scope: 'local',
          fn: async signal => {
            await processor.runUntilIdle({ maxDurationMs: 4 * 60_000, signal });
          },
        });
        // New work should not wait for the next tick; a running task picks it up anyway.
        const kick = () => {
          scheduler.triggerTask(TASK_ID).catch(() => undefined);
        };

        deps.permissionsRegistry.addPermissions(marketplacePermissions);
        const offerings = OfferingsService.fromConfig(config);
        deps.httpRouter.use(
          createRouter({
            requests: new RequestService(
              store,
              offerings,
              QuotaPolicy.fromConfig(config),
              providers,
              clusters,
              kick,
            ),
            bindings: new BindingService(store, providers, clusters, kick),
            offerings,
            providers,
            clusters,
            boundary: new TeamBoundary(
              deps.model,
              new ApplicationEntities(deps.catalog),
            ),
            approvers: new TeamApprovers(deps.catalog),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger,
          }),
        );
        if (!delivery) {
          logger.warn(
            'No clusters configured and no credential delivery installed: bindings will not reach Kubernetes Secrets',
          );
        }
      },
    });
  },
});
