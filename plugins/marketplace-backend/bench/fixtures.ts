/* eslint-disable no-console */
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  ApplicationModel,
  KubernetesClusters,
  KubernetesIdentities,
  readTrustedOrigins,
} from '@paasport/kubernetes-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { DatabaseMarketplaceStore } from '../src/database/DatabaseMarketplaceStore';
import { OsbClient, OsbProvider } from '../src/providers/osb';
import { createRouter } from '../src/router/createRouter';
import { defaultOfferings } from '../src/services/offerings/defaults';
import { OfferingsService } from '../src/services/offerings/OfferingsService';
import { QuotaPolicy } from '../src/services/offerings/quotas';
import { ProviderRegistry } from '../src/services/processor/ProviderRegistry';
import { RequestProcessor } from '../src/services/processor/RequestProcessor';
import { BindingService } from '../src/services/requests/BindingService';
import { ClusterTargets } from '../src/services/requests/ClusterTargets';
import { RequestService } from '../src/services/requests/RequestService';
import { ApplicationEntities } from '../src/services/tenancy/ApplicationEntities';
import { TeamApprovers } from '../src/services/tenancy/TeamApprovers';
import { TeamBoundary } from '../src/services/tenancy/TeamBoundary';

/** Where the benchmark's teams come from: a location the config trusts. */
const ORG = 'url:https://paasport.test/bench-org.yaml';

export const PG_URL =
  process.env.PAASPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A PostgreSQL database of its own, dropped by `drop()`. */
export async function scratchDatabase(prefix: string) {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: `${PG_URL}/postgres` });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = knexFactory({
    client: 'pg',
    connection: `${PG_URL}/${name}`,
    pool: { min: 0, max: 20 },
  });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

const quiet = {
  info: () => {},
  warn: () => {},
  debug: () => {},
  error: (m: string) => console.error(m),
  child: () => quiet,
} as any;

/**
 * The marketplace API as the plugin wires it, with stand-ins for the
 * framework services a benchmark has no use for (auth reads `x-user`, every
 * permission is granted, audit events are counted).
 */
export async function marketplaceApp(
  knex: Knex,
  brokerUrl: string,
  auth: { username: string; password: string },
) {
  const store = await DatabaseMarketplaceStore.create({ database: knex });
  const providers = new ProviderRegistry();
  providers.add(
    new OsbProvider('shared', new OsbClient({ url: brokerUrl, ...auth })),
  );
  const offerings = OfferingsService.fromOfferings(defaultOfferings);
  const quotas = QuotaPolicy.fromConfig(
    new ConfigReader({
      marketplace: {
        quotas: { default: { instances: 1000, totalSizeGb: 100000 } },
      },
    }),
  );
  const teams = Array.from({ length: 10 }, (_, i) => `team-${i}`);
  const entities = [
    ...teams.map(t => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: t,
        namespace: 'default',
        annotations: {
          [ANNOTATION_LOCATION]: ORG,
          [ANNOTATION_ORIGIN_LOCATION]: ORG,
          'paasport.io/namespace': t,
        },
      },
      spec: { type: 'team', children: [], members: ['bench'] },
    })),
    ...teams.map(t => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `app-${t}`, namespace: 'default' },
      spec: { owner: `group:default/${t}` },
    })),
  ];
  const catalog = new InMemoryCatalogClient({ entities }) as any;
  // The real application model over the in-memory catalog, without
  // clusters: the benchmark measures the broker path, not Secret delivery.
  const model = new ApplicationModel({
    catalog,
    auth: { getOwnServiceCredentials: async () => ({}) } as any,
    clusters: new KubernetesClusters([]),
    trust: readTrustedOrigins(
      new ConfigReader({ paasport: { catalog: { trustedLocations: [ORG] } } }),
    ),
    identities: new KubernetesIdentities(),
    adminGroups: ['group:default/admins'],
  });
  let audits = 0;
  const clusters = new ClusterTargets([]);
  const router = createRouter({
    requests: new RequestService(store, offerings, quotas, providers, clusters),
    bindings: new BindingService(store, providers, clusters),
    offerings,
    providers,
    clusters,
    boundary: new TeamBoundary(model, new ApplicationEntities(catalog)),
    approvers: new TeamApprovers(catalog),
    httpAuth: {
      credentials: async (req: express.Request) => ({
        $$type: '@backstage/BackstageCredentials',
        principal: {
          type: 'user',
          userEntityRef: String(req.header('x-user')),
        },
      }),
    } as any,
    permissions: {
      authorize: async (reqs: unknown[]) =>
        reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as any,
    auditor: {
      createEvent: async () => ({
        success: async () => void audits++,
        fail: async () => void audits++,
      }),
    } as any,
    logger: quiet,
  });
  const app = express().use('/api/marketplace', router);
  const processor = () =>
    new RequestProcessor({ store, providers, logger: quiet });
  return { app, store, processor, teams, audits: () => audits };
}

/** Percentile of sorted-in-place latencies, milliseconds. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ] ?? NaN
  );
}
