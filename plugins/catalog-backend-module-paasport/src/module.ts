import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  applicationModelServiceRef,
  kubernetesClustersServiceRef,
} from '@paasport/kubernetes-node';
import { readDiscoveryConfig } from './discovery/config';
import { DiscoveryStore } from './discovery/DiscoveryStore';
import { PaasportDiscoveryProvider } from './discovery/PaasportDiscoveryProvider';
import {
  readCatalogContext,
  verifiedTeams,
} from './discovery/readCatalogContext';
import { LocationTrustProcessor } from './integrity/LocationTrustProcessor';
import { RegisteredOwnerProcessor } from './integrity/RegisteredOwnerProcessor';
import { watchTrustedOrigins } from './integrity/watchTrustedOrigins';
import { CatalogSystemIndex } from './model/CatalogSystemIndex';
import { PaasportModelProcessor } from './model/PaasportModelProcessor';
import { catalogLocationExists } from './registrations/catalogLocationExists';
import { createRegistrationRouter } from './registrations/createRegistrationRouter';
import { DatabaseLocationRegistrationStore } from './registrations/database/DatabaseLocationRegistrationStore';
import { DryRunRegistrants } from './registrations/DryRunRegistrants';

/**
 * Paasport's catalog module: keeps identity-shaping kinds out of registered
 * locations, records who registers a location and keeps its entities to
 * that person's teams, checks the Paasport model (teams, namespaces, Systems) and
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
        httpAuth: coreServices.httpAuth,
        // The catalog's own router: this module is initialised before the
        // catalog plugin, so what it adds runs before the catalog's routes.
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        clusters: kubernetesClustersServiceRef,
        model: applicationModelServiceRef,
      },
      async init(deps) {
        const { processing, catalog, auth, config, logger } = deps;
        // Whatever the discovery config says: registered locations must never
        // define Groups, Users or Templates, and may only bring what the
        // teams of the person who registered them own.
        const trusted = watchTrustedOrigins(config, { logger });
        const registrations = await DatabaseLocationRegistrationStore.create({
          database: deps.database,
        });
        const dryRuns = new DryRunRegistrants();
        deps.httpRouter.use(
          createRegistrationRouter({
            httpAuth: deps.httpAuth,
            auth,
            auditor: deps.auditor,
            logger,
            registrations,
            dryRuns,
            locationExists: ref =>
              catalogLocationExists({ catalog, auth }, ref),
          }),
        );
        processing.addProcessor(new LocationTrustProcessor(trusted));
        processing.addProcessor(
          new RegisteredOwnerProcessor({
            trusted,
            registrations,
            dryRuns,
            model: deps.model,
          }),
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
            readCatalog: () =>
              readCatalogContext(catalog, auth, () =>
                verifiedTeams(deps.model),
              ),
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
