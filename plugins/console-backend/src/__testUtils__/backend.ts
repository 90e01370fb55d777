import { TaskScheduler } from './taskScheduler';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import net from 'node:net';
import { recordingAuditor } from '@paasport/plugin-paasport-node/testUtils';
import {
  teamGroup,
  tenancyTestConfig,
} from '@paasport/kubernetes-node/testUtils';
import { consolePlugin } from '../plugin';
import { WorkloadReleases } from '@paasport/plugin-console-common';
import { devcluster, eventually } from './devcluster';

export type { AuditRecord } from '@paasport/plugin-paasport-node/testUtils';

/**
 * Waits until the console's cache shows `revision` as the workload's current
 * one (the cache follows the cluster through a watch, not at once), and
 * returns the workload as `releases` then reads it.
 */
export function cacheAtRevision(
  releases: () => Promise<WorkloadReleases>,
  revision: number,
): Promise<WorkloadReleases> {
  return eventually(
    async () => {
      const workload = await releases();
      return workload.currentRevision === revision && workload;
    },
    10_000,
    `the cache to see revision ${revision}`,
  );
}

/** A port nothing listens on, for a cluster that is down. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * A component entity as its catalog-info.yaml declares it, annotated like the
 * demo catalog. It has no `relations`: a real catalog derives those itself
 * (and refuses foreign root fields).
 */
export function declaredComponent(
  name: string,
  namespace: string,
  options: { owner: string; system?: string },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-namespace': namespace,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: options.owner,
      ...(options.system && { system: options.system }),
    },
  };
}

/**
 * A component entity annotated like the demo catalog, for the in-memory
 * catalog mock; `system` adds the partOf relation the catalog would derive
 * from spec.system.
 */
export function component(
  name: string,
  namespace: string,
  systemName?: string,
): Entity {
  return {
    ...declaredComponent(name, namespace, {
      owner: `group:default/${teamOfNamespace(namespace)}`,
      system: systemName,
    }),
    relations: systemName
      ? [{ type: 'partOf', targetRef: `system:default/${systemName}` }]
      : [],
  };
}

/**
 * The team owning a namespace in these tests: the demo's two, and
 * `console-it` for the scratch namespaces tests create (labelled so by
 * `createTestNamespace`).
 */
export function teamOfNamespace(namespace: string): string {
  return ['storefront', 'payments'].includes(namespace)
    ? namespace
    : 'console-it';
}

/**
 * The trusted org of these tests: storefront (alice, guest, mallory, bench),
 * payments (bob), admins (admin), and `console-it` holding `scratch`, the
 * test file's own namespace (alice and mallory).
 */
export function testOrg(scratch?: string): Entity[] {
  return [
    teamGroup('storefront', 'storefront', [
      'alice',
      'guest',
      'mallory',
      'bench',
    ]),
    teamGroup('payments', 'payments', ['bob']),
    teamGroup('admins', undefined, ['admin']),
    ...(scratch
      ? [teamGroup('console-it', scratch, ['alice', 'mallory'])]
      : []),
  ];
}

/** The scratch namespace the entities point at, if any. */
function scratchNamespace(entities: Entity[]): string | undefined {
  return entities
    .map(e => e.metadata.annotations?.['backstage.io/kubernetes-namespace'])
    .find(ns => ns && teamOfNamespace(ns) === 'console-it');
}

export function system(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name, namespace: 'default' },
    spec: { owner: 'group:default/storefront' },
  };
}

/**
 * Starts the console plugin in a test backend against the real devcluster
 * (plus a cluster `down` on a closed port), with an in-memory catalog, a
 * permission mock that mirrors the Paasport policy for the users below, and
 * an auditor that records events.
 *
 * - `user:default/admin` may do everything,
 * - `user:default/mallory` may not roll back,
 * - everyone else may roll back but not force.
 */
export async function startConsoleBackend(options: {
  entities: Entity[];
  /** Clusters whose prometheusUrl is left out. */
  withoutPrometheus?: string[];
  /**
   * The scheduler, for tests that run the plugin's tasks themselves
   * (`runTask`): the test backend's own never runs them on a schedule.
   */
  scheduler?: TaskScheduler;
  /**
   * The plugin's database, to run two backends one after the other on the
   * same state (a restart); default: the test backend's own.
   */
  database?: Knex;
}) {
  const { data } = await devcluster();
  const clusters = data.kubernetes.clusterLocatorMethods[0].clusters;
  const prometheus = Object.fromEntries(
    Object.entries(data.paasport.clusters).filter(
      ([name]) => !options.withoutPrometheus?.includes(name),
    ),
  );
  const down = {
    ...clusters[0],
    name: 'down',
    url: `https://127.0.0.1:${await closedPort()}`,
  };
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) => {
      const user = (credentials as BackstageCredentials<BackstageUserPrincipal>)
        .principal.userEntityRef;
      return (requests as AuthorizePermissionRequest[]).map(
        ({ permission }) => {
          if (user === 'user:default/admin')
            return { result: AuthorizeResult.ALLOW };
          if (permission.name === 'console.workload.forceRollback')
            return { result: AuthorizeResult.DENY };
          if (
            permission.name === 'console.workload.rollback' &&
            user === 'user:default/mallory'
          ) {
            return { result: AuthorizeResult.DENY };
          }
          return { result: AuthorizeResult.ALLOW };
        },
      );
    },
  });
  const { records: audits, auditor } = recordingAuditor();
  const backend = await startTestBackend({
    features: [
      consolePlugin,
      catalogServiceMock.factory({
        entities: [
          ...testOrg(scratchNamespace(options.entities)),
          ...options.entities,
        ],
      }),
      permissions.factory,
      auditor.factory,
      ...(options.scheduler ? [options.scheduler.factory] : []),
      ...(options.database
        ? [mockServices.database.factory({ knex: options.database })]
        : []),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              { type: 'config', clusters: [...clusters, down] },
            ],
          },
          paasport: {
            clusters: prometheus,
            ...tenancyTestConfig.paasport,
          },
          // Other tests may fill the clusters with thousands of objects; the
          // first sync then takes seconds, so requests wait for it.
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
