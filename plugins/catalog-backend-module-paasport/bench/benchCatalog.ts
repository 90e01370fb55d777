import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import {
  applicationModelServiceRef,
  KubernetesClusters,
} from '@paasport/kubernetes-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_NAMESPACE } from './benchWorkloads';
import { DiscoveryStore } from '../src/discovery/DiscoveryStore';
import { PaasportDiscoveryProvider } from '../src/discovery/PaasportDiscoveryProvider';
import {
  readCatalogContext,
  verifiedTeams,
} from '../src/discovery/readCatalogContext';
import { CatalogSystemIndex } from '../src/model/CatalogSystemIndex';
import { PaasportModelProcessor } from '../src/model/PaasportModelProcessor';

const repoRoot = path.resolve(__dirname, '../../..');

/**
 * A real catalog backend (fresh database) with what the module installs: the
 * model processor and a discovery provider, kept at hand to time its runs.
 */
export async function startCatalog(options: {
  devclusterData: Record<string, any>;
  database: JsonObject;
}) {
  let provider: PaasportDiscoveryProvider | undefined;
  const benchModule = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'paasport-bench',
    register(reg) {
      reg.registerInit({
        deps: {
          processing: catalogProcessingExtensionPoint,
          catalog: catalogServiceRef,
          auth: coreServices.auth,
          database: coreServices.database,
          logger: coreServices.logger,
          config: coreServices.rootConfig,
          model: applicationModelServiceRef,
        },
        async init({
          processing,
          catalog,
          auth,
          database,
          logger,
          config,
          model,
        }) {
          provider = new PaasportDiscoveryProvider({
            clusters: KubernetesClusters.fromConfig(config),
            store: await DiscoveryStore.create({ database }),
            // Teams as the module reads them: the model's, verified.
            readCatalog: () =>
              readCatalogContext(catalog, auth, () => verifiedTeams(model)),
            logger,
          });
          processing.addEntityProvider(provider);
          processing.addProcessor(
            new PaasportModelProcessor(
              new CatalogSystemIndex({ catalog, auth, logger }),
            ),
          );
        },
      });
    },
  });
  // The team holding the bench namespace, from a trusted (config) location,
  // so that discovery gives the bench workloads an owner as in production.
  const teamFile = path.join(os.tmpdir(), 'paasport-bench-team.yaml');
  fs.writeFileSync(
    teamFile,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      'metadata:',
      '  name: bench-team',
      '  annotations:',
      `    paasport.io/namespace: ${BENCH_NAMESPACE}`,
      'spec:',
      '  type: team',
      '  children: []',
      '',
    ].join('\n'),
  );
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      benchModule,
      mockServices.rootConfig.factory({
        data: {
          ...options.devclusterData,
          backend: { database: options.database },
          catalog: {
            rules: [
              { allow: ['Component', 'System', 'Group', 'User', 'Location'] },
            ],
            locations: [
              { type: 'file', target: path.join(repoRoot, 'catalog/all.yaml') },
              { type: 'file', target: teamFile },
            ],
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as { port: number };
  const get = async (url: string) => {
    const response = await fetch(`http://localhost:${port}/api/catalog${url}`, {
      headers: { Authorization: mockCredentials.user.header() },
    });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  };
  return {
    provider: provider!,
    stop: () => backend.stop(),
    /** How many entities the catalog serves (processed and stitched). */
    async count(): Promise<number> {
      const body = await get('/entities/by-query?limit=1');
      return body.totalItems as number;
    },
    /** Waits until the catalog files are in, so that "declared" is known. */
    async waitForCatalogFiles() {
      for (let i = 0; i < 120; i++) {
        const found = await get('/entities/by-name/component/default/shop-web')
          .then(() => true)
          .catch(() => false);
        if (found) return;
        await new Promise(r => setTimeout(r, 500));
      }
      throw new Error('catalog files were not ingested within 60 s');
    },
  };
}
