import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ClusterReleases,
  ReleasesResponse,
} from '@paasport/plugin-console-common';
import request from 'supertest';
import { Deployment } from '../cache/types';
import { AuditRecord, component, startConsoleBackend } from './backend';
import {
  adminApis,
  AdminApis,
  createTestNamespace,
  eventually,
  readRaw,
  rollOut,
  testDeployment,
} from './devcluster';

/** The Deployment the rollback tests own (in a namespace of their own). */
export const APP = 'it-app';

export const appImage = (version: string) =>
  `registry.paasport.dev/console-it/${APP}:${version}`;

/**
 * Sets up, for one test file: a fresh namespace on `dev` with Deployment
 * `it-app` rolled out through 1.0.0, 1.1.0 and 1.2.0 (revisions 1-3), and
 * the console backend; removes both afterwards.
 */
export function useRollbackFixture() {
  const fixture = {
    admin: undefined as unknown as AdminApis,
    namespace: '',
    server: undefined as unknown as Awaited<
      ReturnType<typeof startConsoleBackend>
    >['server'],
    audits: [] as AuditRecord[],
    stop: async () => {},

    /** The workload as `GET .../releases` shows it for `dev`. */
    async releases() {
      const res = await request(fixture.server).get(
        `/api/console/entities/component/default/${APP}/releases?cluster=dev`,
      );
      expect(res.status).toBe(200);
      return ((res.body as ReleasesResponse).clusters[0] as ClusterReleases)
        .workloads[0];
    },

    /** `POST .../rollback` as `user:default/<user>`. */
    rollback(body: object, user = 'alice') {
      return request(fixture.server)
        .post(`/api/console/entities/component/default/${APP}/rollback`)
        .set({
          Authorization: mockCredentials.user.header(`user:default/${user}`),
        })
        .send({
          cluster: 'dev',
          namespace: fixture.namespace,
          kind: 'Deployment',
          name: APP,
          reason: 'errors after deploy',
          ...body,
        });
    },

    read() {
      return readRaw(fixture.admin, fixture.namespace, APP);
    },

    /**
     * The spec (generation) and change cause did not change; the resource
     * version may, through the controller's status updates.
     */
    async expectUnchanged(before: Deployment) {
      const now = await fixture.read();
      expect(now.metadata.generation).toBe(before.metadata.generation);
      expect(now.spec.template).toEqual(before.spec.template);
      expect(now.metadata.annotations?.['kubernetes.io/change-cause']).toBe(
        before.metadata.annotations?.['kubernetes.io/change-cause'],
      );
    },

    /** Merge-patches the Deployment as an admin would by hand. */
    async mergePatch(body: object) {
      const { apps, k8s } = fixture.admin;
      await apps.patchNamespacedDeployment(
        { name: APP, namespace: fixture.namespace, body },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
    },
  };

  beforeAll(async () => {
    fixture.admin = await adminApis('dev');
    fixture.namespace = await createTestNamespace(fixture.admin, 'console-it');
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) {
      await rollOut(
        fixture.admin,
        testDeployment(fixture.namespace, APP, version),
      );
    }
    const started = await startConsoleBackend({
      entities: [component(APP, fixture.namespace)],
    });
    fixture.server = started.server;
    fixture.audits = started.audits;
    fixture.stop = () => started.backend.stop();
    await eventually(
      async () => (await fixture.releases())?.revisions.length === 3,
      20_000,
      'the cache to see 3 revisions',
    );
  });

  afterAll(async () => {
    await fixture.stop();
    if (fixture.namespace) {
      await fixture.admin.core.deleteNamespace({ name: fixture.namespace });
    }
  });

  return fixture;
}
