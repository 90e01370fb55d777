import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { kubernetesClustersServiceRef } from '@paasport/kubernetes-node';
import { marketplaceProvidersExtensionPoint } from '@paasport/plugin-marketplace-node';
import { MariaDbDriver } from './drivers/mariadb/MariaDbDriver';
import { RedisDriver } from './drivers/redis/RedisDriver';
import { StrimziDriver } from './drivers/strimzi/StrimziDriver';
import { SecretAccess } from './kube/secretAccess';
import { InstanceLocator } from './provider/InstanceLocator';
import { OperatorProvider } from './provider/OperatorProvider';

/**
 * Operator back ends for the marketplace: `operator:strimzi` (Kafka),
 * `operator:mariadb` (MySQL-compatible) and `operator:opstree-redis`
 * (Redis), on the clusters of `kubernetes.clusterLocatorMethods`.
 *
 * @public
 */
export const marketplaceModuleOperators = createBackendModule({
  pluginId: 'marketplace',
  moduleId: 'operators',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: marketplaceProvidersExtensionPoint,
        clusters: kubernetesClustersServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, clusters, config, logger }) {
        const locator = new InstanceLocator(clusters);
        const access = new SecretAccess(
          config.getOptionalString(
            'marketplace.operators.credentialsClusterRole',
          ) ?? 'paasport-portal-credentials',
        );
        const added = [
          new OperatorProvider(new StrimziDriver(), locator, access),
          new OperatorProvider(new MariaDbDriver(), locator, access),
          new OperatorProvider(new RedisDriver(), locator, access),
        ];
        providers.addProvider(...added);
        logger.info(
          `Operator providers ${added.map(p => p.id).join(', ')} on clusters ${
            clusters
              .list()
              .map(c => c.name)
              .join(', ') || '(none configured)'
          }`,
        );
      },
    });
  },
});
