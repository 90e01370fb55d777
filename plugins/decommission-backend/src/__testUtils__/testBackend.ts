import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { readDevclusterConfig } from '@paasport/devcluster';
import catalogModulePaasport from '@paasport/plugin-catalog-backend-module-paasport';
import {
  DecommissionPlan,
  DecommissionRun,
} from '@paasport/plugin-decommission-common';
import {
  eventually,
  onBehalfOfAuthServiceFactory,
  recordingAuditor,
} from '@paasport/plugin-paasport-node/testUtils';
import permissionPolicyModule from '@paasport/plugin-permission-backend-module-paasport-policy';
import request from 'supertest';
import { decommissionPlugin } from '../plugin';
import { CatalogFiles } from './catalogFiles';

/** The admin of the test backends; registers the platform's files. */
export const ADMIN = 'user:default/admin';

/**
 * The real catalog (with Paasport's module), the permission backend with
 * Paasport's policy and this plugin, on the local clusters, for the
 * end-to-end tests. Sign-in claims are what each user's token carries;
 * `trustedFiles` are the platform's own catalog files (Groups), trusted as
 * an admin's `catalog.locations` would be.
 */
export async function startDecommissionBackend(options: {
  files: CatalogFiles;
  claims: Record<string, string[]>;
  trustedFiles: string[];
  discoveryNamespaces?: string[];
}) {
  const { data } = readDevclusterConfig();
  const { files, claims } = options;
  const audits = recordingAuditor();
  let scheduler: SchedulerService | undefined;
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModulePaasport,
      permissionPlugin,
      permissionPolicyModule,
      decommissionPlugin,
      audits.auditor.factory,
      onBehalfOfAuthServiceFactory,
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: any) {
            const user = credentials.principal.userEntityRef as string;
            return {
              userEntityRef: user,
              ownershipEntityRefs: [user, ...(claims[user] ?? [])],
            };
          },
        }),
      }),
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'test-scheduler',
        register(reg) {
          reg.registerInit({
            deps: { s: coreServices.scheduler },
            async init({ s }) {
              scheduler = s;
            },
          });
        },
      }),
      mockServices.rootConfig.factory({
        data: {
          ...data,
          backend: { reading: { allow: [files.readingAllow] } },
          permission: { enabled: true },
          paasport: {
            ...data.paasport,
            permissions: { adminGroups: ['group:default/admins'] },
            catalog: {
              trustedLocations: options.trustedFiles.map(
                name => `url:${files.url(name)}`,
              ),
            },
            discovery: options.discoveryNamespaces
              ? { namespaces: options.discoveryNamespaces }
              : { enabled: false },
          },
          catalog: {
            processingInterval: { seconds: 1 },
            rules: [
              { allow: ['Component', 'System', 'Group', 'User', 'Location'] },
            ],
          },
          decommission: { goneWaitSeconds: 5, interruptedAfterSeconds: 120 },
        },
      }),
    ],
  });
  const server = backend.server;
  const auth = (user: string) => mockCredentials.user.header(user);

  return {
    server,
    audits,
    scheduler: () => scheduler!,
    auth,

    /** Registers a catalog file as `user` would through the catalog's API. */
    async register(name: string, user = ADMIN): Promise<string> {
      const res = await request(server)
        .post('/api/catalog/locations')
        .set('Authorization', auth(user))
        .send({ type: 'url', target: files.url(name) });
      expect(res.status).toBe(201);
      return res.body.location.id as string;
    },

    async unregister(id: string) {
      await request(server)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', auth(ADMIN));
    },

    async entity(kind: string, name: string) {
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/${kind}/default/${name}`)
        .set('Authorization', auth(ADMIN));
      return res.status === 200 ? res.body : undefined;
    },

    preview(path: string, user: string) {
      return request(server)
        .get(`/api/decommission/entities/${path}/preview`)
        .set('Authorization', auth(user));
    },

    start(path: string, user: string, plan: DecommissionPlan) {
      return request(server)
        .post(`/api/decommission/entities/${path}/decommission`)
        .set('Authorization', auth(user))
        .send({
          confirmation: plan.confirmationText,
          fingerprint: plan.fingerprint,
        });
    },

    waitForRun(id: string, user: string): Promise<DecommissionRun> {
      return eventually(
        async () => {
          const res = await request(server)
            .get(`/api/decommission/runs/${id}`)
            .set('Authorization', auth(user));
          return res.body.status !== 'running' && (res.body as DecommissionRun);
        },
        300_000,
        'the decommission run',
      );
    },
  };
}

export type DecommissionBackend = Awaited<
  ReturnType<typeof startDecommissionBackend>
>;
