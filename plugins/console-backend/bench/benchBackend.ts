import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AddressInfo } from 'node:net';
import { tenancyTestConfig } from '@paasport/kubernetes-node/testUtils';
import { consolePlugin } from '../src/plugin';
import { testOrg } from '../src/__testUtils__/backend';
import { devcluster } from '../src/__testUtils__/devcluster';

/** One timed HTTP exchange. */
export interface Timed<T> {
  ms: number;
  status: number;
  bytes: number;
  body: T;
}

/**
 * One backend process with both plugins on the same clusters: this plugin
 * (`/api/console`) and Backstage's `@backstage/plugin-kubernetes-backend`
 * (`/api/kubernetes`), both configured from the same
 * `kubernetes.clusterLocatorMethods` (the bench instance's generated
 * fragment: service-account tokens and CA data). The catalog holds the one
 * entity and its team; permissions allow everything, so neither plugin pays for a remote
 * permission check.
 */
export async function startBenchBackend(entity: Entity) {
  const { data } = await devcluster();
  const backend = await startTestBackend({
    features: [
      consolePlugin,
      kubernetesPlugin,
      // The entity's team (storefront, with the bench user as member) from
      // a trusted org, so the tenancy model gives it its namespace.
      catalogServiceMock.factory({ entities: [...testOrg(), entity] }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: data.kubernetes.clusterLocatorMethods,
          },
          paasport: { ...data.paasport, ...tenancyTestConfig.paasport },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api`;
  const ref = stringifyEntityRef(entity);
  const entityPath = `entities/${entity.kind.toLocaleLowerCase('en-US')}/${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;

  // The same user for both plugins; the mock auth accepts this header.
  const headers = {
    authorization: mockCredentials.user.header('user:default/bench'),
    'content-type': 'application/json',
  };

  async function call<T>(
    method: string,
    path: string,
    body?: object,
  ): Promise<Timed<T>> {
    const started = performance.now();
    const res = await fetch(`${base}/${path}`, {
      method,
      headers,
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    if (!res.ok) {
      throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    }
    return {
      ms,
      status: res.status,
      bytes: Buffer.byteLength(text),
      body: JSON.parse(text) as T,
    };
  }

  return {
    stop: () => backend.stop(),
    call,
    /** A Releases tab page view: the one request its hook makes. */
    consoleReleases: <T>(cluster?: string) =>
      call<T>(
        'GET',
        `console/${entityPath}/releases${cluster ? `?cluster=${cluster}` : ''}`,
      ),
    /** What Backstage's Kubernetes tab requests for the entity. */
    kubernetesWorkloads: <T>() =>
      call<T>('POST', 'kubernetes/resources/workloads/query', {
        entityRef: ref,
      }),
    entityPath,
  };
}

/** @see startBenchBackend */
export type BenchBackend = Awaited<ReturnType<typeof startBenchBackend>>;
