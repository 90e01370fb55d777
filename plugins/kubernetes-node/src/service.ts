import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { KubernetesClusters } from './KubernetesClusters';

/**
 * The configured clusters, shared by every plugin of a backend.
 *
 * @remarks
 * Root-scoped so that all plugins share one set of connections; the default
 * factory reads Backstage's `kubernetes.clusterLocatorMethods` and fails the
 * backend start with a clear message if that config is invalid.
 *
 * @public
 */
export const kubernetesClustersServiceRef =
  createServiceRef<KubernetesClusters>({
    id: 'paasport.kubernetes.clusters',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
        },
        factory({ config, logger }) {
          const clusters = KubernetesClusters.fromConfig(config);
          logger.info(
            `Kubernetes clusters: ${
              clusters
                .list()
                .map(c => c.name)
                .join(', ') || 'none configured'
            }`,
          );
          return clusters;
        },
      }),
  });
