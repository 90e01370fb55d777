/* eslint-disable no-console */
import { ConfigReader } from '@backstage/config';
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
import { EntityResolver } from '../src/services/requests/EntityResolver';
import { RequestService } from '../src/services/requests/RequestService';

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
      kind: 'Group',
      metadata: {
        name: t,
        namespace: 'default',
        annotations: { 'paasport.io/namespace': t },
      },
      spec: {},
    })),
    ...teams.map(t => ({
      kind: 'System',
      metadata: { name: `app-${t}`, namespace: 'default' },
      spec: { owner: `group:default/${t}` },
    })),
  ];
  const catalog = {
    getEntityByRef: async (ref: { kind: string; name: string }) =>
      entities.find(
        e =>
          e.kind.toLowerCase() === ref.kind.toLowerCase() &&
          e.metadata.name === ref.name,
      ),
  } as any;
  let audits = 0;
  // No clusters: the benchmark measures the broker path, not Secret delivery.
  const clusters = new ClusterTargets([]);
  const router = createRouter({
    requests: new RequestService(store, offerings, quotas, providers, clusters),
    bindings: new BindingService(store, providers, clusters),
    offerings,
    providers,
    clusters,
    entities: new EntityResolver(catalog),
    httpAuth: {
      credentials: async (req: express.Request) => ({
        $$type: '@backstage/BackstageCredentials',
        principal: {
          type: 'user',
          userEntityRef: String(req.header('x-user')),
        },
      }),
    } as any,
    userInfo: {
      getUserInfo: async () => ({
        userEntityRef: 'user:default/bench',
        ownershipEntityRefs: teams.map(t => `group:default/${t}`),
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
