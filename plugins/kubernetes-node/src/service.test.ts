import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { KubernetesClusters } from './KubernetesClusters';
import { kubernetesClustersServiceRef } from './service';

const cluster = {
  name: 'dev',
  url: 'https://127.0.0.1:16043',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'token',
};

function pluginUsingClusters(seen: KubernetesClusters[]) {
  return createBackendPlugin({
    pluginId: 'consumer',
    register(env) {
      env.registerInit({
        deps: {
          clusters: kubernetesClustersServiceRef,
          logger: coreServices.logger,
        },
        async init({ clusters }) {
          seen.push(clusters);
        },
      });
    },
  });
}

describe('kubernetesClustersServiceRef', () => {
  it('gives plugins the clusters of the backend config', async () => {
    const seen: KubernetesClusters[] = [];
    const backend = await startTestBackend({
      features: [
        pluginUsingClusters(seen),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [{ type: 'config', clusters: [cluster] }],
            },
            paasport: {
              clusters: { dev: { prometheusUrl: 'http://127.0.0.1:16090' } },
            },
          },
        }),
      ],
    });
    expect(seen[0].list().map(c => [c.name, c.prometheusUrl])).toEqual([
      ['dev', 'http://127.0.0.1:16090'],
    ]);
    await backend.stop();
  });

  it('fails the backend start on invalid cluster config', async () => {
    await expect(
      startTestBackend({
        features: [
          pluginUsingClusters([]),
          mockServices.rootConfig.factory({
            data: {
              kubernetes: {
                clusterLocatorMethods: [
                  { type: 'config', clusters: [{ ...cluster, url: 'nope' }] },
                ],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/clusters\[0\]: url: must be an http\(s\) URL/);
  });
});
