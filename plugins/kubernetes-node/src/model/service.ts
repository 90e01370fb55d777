import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_IMPERSONATION_PREFIX,
  KubernetesIdentities,
  platformIdentity,
} from '../impersonation';
import { kubernetesClustersServiceRef } from '../service';
import { ApplicationModel } from './ApplicationModel';
import { readTrustedOrigins } from './trust/config';

/**
 * The application model for a backend plugin: teams, namespaces, Systems'
 * components, entities' workloads, and the person behind a request.
 *
 * @remarks
 * Plugin-scoped because it reads the catalog as the plugin. Reads
 * `paasport.tenancy.impersonationPrefix`, `paasport.tenancy.platformServiceAccount`,
 * `paasport.permissions.adminGroups`,
 * `catalog.locations` and `paasport.catalog.trustedLocations`.
 *
 * @public
 */
export const applicationModelServiceRef = createServiceRef<ApplicationModel>({
  id: 'paasport.application-model',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        clusters: kubernetesClustersServiceRef,
      },
      factory({ config, auth, catalog, clusters }) {
        return new ApplicationModel({
          catalog,
          auth,
          clusters,
          trust: readTrustedOrigins(config),
          identities: new KubernetesIdentities(
            config.getOptionalString('paasport.tenancy.impersonationPrefix') ??
              DEFAULT_IMPERSONATION_PREFIX,
          ),
          platform: platformIdentity(
            config.getOptionalString('paasport.tenancy.platformServiceAccount'),
          ),
          adminGroups: config.getOptionalStringArray(
            'paasport.permissions.adminGroups',
          ) ?? ['group:default/admins'],
        });
      },
    }),
});
