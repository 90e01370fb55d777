/**
 * Test helpers for plugins built on the application model: trusted team
 * Groups and a model over an in-memory catalog.
 *
 * @packageDocumentation
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubernetesIdentities, platformIdentity } from './impersonation';
import { KubernetesClusters } from './KubernetesClusters';
import { ApplicationModel } from './model/ApplicationModel';
import { readTrustedOrigins } from './model/trust/config';
import { NAMESPACE_ANNOTATION } from './teamNamespaces';

/**
 * The origin location test org entities come from; trusted by
 * {@link tenancyTestConfig}.
 *
 * @public
 */
export const TEST_ORG_LOCATION = 'url:https://paasport.test/org.yaml';

/**
 * Config that trusts {@link TEST_ORG_LOCATION}, for `mockServices.rootConfig`.
 *
 * @public
 */
export const tenancyTestConfig = {
  paasport: { catalog: { trustedLocations: [TEST_ORG_LOCATION] } },
};

/**
 * A team Group from the trusted test org: `namespace` on every cluster,
 * members by User name.
 *
 * @public
 */
export function teamGroup(
  name: string,
  namespace: string | undefined,
  members: string[],
  origin: string = TEST_ORG_LOCATION,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        [ANNOTATION_LOCATION]: origin,
        [ANNOTATION_ORIGIN_LOCATION]: origin,
        ...(namespace && { [NAMESPACE_ANNOTATION]: namespace }),
      },
    },
    spec: { type: namespace ? 'team' : 'role', children: [], members },
  };
}

/**
 * An application model over an in-memory catalog holding `entities`, with
 * the test org trusted (or what `config` trusts) and `group:default/admins`
 * as admins.
 *
 * @public
 */
export function testApplicationModel(options: {
  entities: Entity[];
  clusters: KubernetesClusters;
  /** Config to read trusted locations from; default {@link tenancyTestConfig}. */
  config?: object;
}): ApplicationModel {
  return new ApplicationModel({
    catalog: catalogServiceMock({ entities: options.entities }),
    auth: mockServices.auth(),
    clusters: options.clusters,
    trust: readTrustedOrigins(
      new ConfigReader((options.config ?? tenancyTestConfig) as any),
    ),
    identities: new KubernetesIdentities(),
    platform: platformIdentity(),
    adminGroups: ['group:default/admins'],
  });
}
