import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { kubernetesClustersServiceRef } from '@paasport/kubernetes-node';
import { readDiscoveryConfig } from './discovery/config';
import { DiscoveryStore } from './discovery/DiscoveryStore';
import { PaasportDiscoveryProvider } from './discovery/PaasportDiscoveryProvider';
import { readCatalogContext } from './discovery/readCatalogContext';
import { LocationTrustProcessor } from './integrity/LocationTrustProcessor';
import { CatalogSystemIndex } from './model/CatalogSystemIndex';
import { PaasportModelProcessor } from './model/PaasportModelProcessor';

/**
 * Paasport's catalog module: keeps identity-shaping kinds out of registered
 * locations, checks the Paasport model (teams, namespaces, Systems) and
 * discovers Components and Systems from the clusters.
 *
 * @public
 */
export const catalogModulePaasport = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'paasport',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        clusters: kubernetesClustersServiceRef,
      },
      async init(deps) {
        const { processing, catalog, auth, config, logger } = deps;
        // Whatever the discovery config says: registered locations must never
        // define Groups, Users or Templates.
        processing.addProcessor(
          LocationTrustProcessor.fromConfig(config, { logger }),
        );
        processing.addProcessor(
          new PaasportModelProcessor(
            new CatalogSystemIndex({ catalog, auth, logger }),
          ),
        );
        const discovery = readDiscoveryConfig(config);
        if (!discovery.enabled) {
          logger.info('Paasport discovery is disabled');
          return;
        }
        processing.addEntityProvider(
          new PaasportDiscoveryProvider({
            clusters: deps.clusters,
            store: await DiscoveryStore.create({ database: deps.database }),
            readCatalog: () => readCatalogContext(catalog, auth),
            logger,
            namespaces: discovery.namespaces,
            taskRunner: deps.scheduler.createScheduledTaskRunner(
              discovery.schedule,
            ),
          }),
        );
      },
    });
  },
});
