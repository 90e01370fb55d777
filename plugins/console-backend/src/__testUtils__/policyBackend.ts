import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import paasportPolicy from '@paasport/plugin-permission-backend-module-paasport-policy';
import { consolePlugin } from '../plugin';
import {
  onBehalfOfAuthServiceFactory,
  recordingAuditor,
} from '@paasport/plugin-paasport-node/testUtils';
import { devcluster } from './devcluster';

const LOCATION = 'url:https://paasport.test/console-policy-it.yaml';

/**
 * Hands fixed entities to the real catalog, as an entity provider does, so
 * the catalog derives the relations (ownedBy, memberOf) the policy's
 * ownership rule and the users' claims rely on.
 */
function entitiesModule(entities: Entity[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'console-policy-it-entities',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => 'console-policy-it',
            connect: connection =>
              connection.applyMutation({
                type: 'full',
                entities: entities.map(entity => ({
                  locationKey: 'console-policy-it',
                  entity: {
                    ...entity,
                    metadata: {
                      ...entity.metadata,
                      // An entity that names its own origin keeps it: the
                      // tests' stand-in for a user-registered location.
                      annotations: {
                        [ANNOTATION_LOCATION]: LOCATION,
                        [ANNOTATION_ORIGIN_LOCATION]: LOCATION,
                        ...entity.metadata.annotations,
                      },
                    },
                  },
                })),
              }),
          });
        },
      });
    },
  });
}

/**
 * Users' ownership claims from their catalog memberships, as Backstage's
 * sign-in resolvers put them in the token: the user and its groups.
 */
const catalogUserInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: { auth: coreServices.auth, catalog: catalogServiceRef },
  factory: ({ auth, catalog }) => ({
    async getUserInfo(credentials) {
      if (!auth.isPrincipal(credentials, 'user')) {
        throw new InputError('User info is only available for users');
      }
      const { userEntityRef } = credentials.principal;
      const entity = await catalog.getEntityByRef(userEntityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const groups = (entity?.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef);
      return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] };
    },
  }),
});

/**
 * The console backend with the real permission framework: the permission
 * backend with the Paasport policy module, and the real catalog (whose
 * IS_ENTITY_OWNER rule decides the policy's ownership conditions) holding
 * `entities`. Only the `dev` devcluster is configured unless `clusters` says
 * otherwise.
 */
export async function startPolicyBackend(options: {
  entities: Entity[];
  /** The devclusters to configure; default only `dev`. */
  clusters?: string[];
}) {
  const { data } = await devcluster();
  const wanted = options.clusters ?? ['dev'];
  const dev = data.kubernetes.clusterLocatorMethods[0].clusters.filter(c =>
    wanted.includes(c.name),
  );
  const { records: audits, auditor } = recordingAuditor();
  const backend = await startTestBackend({
    features: [
      consolePlugin,
      catalogPlugin,
      entitiesModule(options.entities),
      permissionPlugin,
      paasportPolicy,
      catalogUserInfo,
      onBehalfOfAuthServiceFactory,
      auditor.factory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          paasport: {
            permissions: { adminGroups: ['group:default/admins'] },
            catalog: { trustedLocations: [LOCATION] },
            // Each cluster's Prometheus, for the metrics and signals reads.
            clusters: Object.fromEntries(
              Object.entries(data.paasport.clusters).filter(([name]) =>
                wanted.includes(name),
              ),
            ),
          },
          kubernetes: {
            clusterLocatorMethods: [{ type: 'config', clusters: dev }],
          },
          console: {
            cache: {
              requestTimeout: { seconds: 10 },
              readyWait: { seconds: 60 },
            },
          },
        },
      }),
    ],
  });
  return { backend, server: backend.server, audits };
}

/**
 * A Group of the test catalog; a team names the namespace it holds on every
 * cluster.
 */
export function group(name: string, type = 'team', namespace?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      ...(namespace && {
        annotations: { 'paasport.io/namespace': namespace },
      }),
    },
    spec: { type, children: [] },
  };
}

/** The origin annotations of a location the platform does not control. */
export function untrustedOrigin(entity: Entity): Entity {
  const location = 'url:https://git.example.com/someone/catalog-info.yaml';
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
    },
  };
}

/** A User of the test catalog, member of `groups`. */
export function user(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
  };
}
