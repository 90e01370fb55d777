import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  applicationModelServiceRef,
  kubernetesClustersServiceRef,
} from '@paasport/kubernetes-node';
import { marketplaceProvidersExtensionPoint } from '@paasport/plugin-marketplace-node';
import { MariaDbDriver } from './drivers/mariadb/MariaDbDriver';
import { RedisDriver } from './drivers/redis/RedisDriver';
import { StrimziDriver } from './drivers/strimzi/StrimziDriver';
import { InstanceLocator } from './provider/InstanceLocator';
import { OperatorProvider } from './provider/OperatorProvider';

/**
 * Operator back ends for the marketplace: `operator:strimzi` (Kafka),
 * `operator:mariadb` (MySQL-compatible) and `operator:opstree-redis`
 * (Redis), on the clusters of `kubernetes.clusterLocatorMethods`, acting
 * as the person who asked.
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
        // Everything a provider does for a request is done as the person
        // who asked (the model's person and objectsFor).
        model: applicationModelServiceRef,
        logger: coreServices.logger,
      },
      async init({ providers, clusters, model, logger }) {
        const locator = new InstanceLocator(clusters);
        const added = [
          new OperatorProvider(new StrimziDriver(), locator, model),
          new OperatorProvider(new MariaDbDriver(), locator, model),
          new OperatorProvider(new RedisDriver(), locator, model),
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
