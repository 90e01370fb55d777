/* eslint-disable no-console */
/**
 * One backend replica's request processor in a process of its own, so a test
 * can SIGKILL it mid-step as an orchestrator kills a pod. Started by
 * {@link startReplica} (replica.ts) with:
 *
 * - `REPLICA_DB`: the knex connection of the test's PostgreSQL database, JSON;
 * - `REPLICA_BROKER_URL`: the test broker (plans `osb:shared`);
 * - `REPLICA_LEASE_MS`: the processor's lease.
 *
 * It prints `owner <name>` when it starts, and `provisioned <instanceId>`
 * once the broker has answered a provision; that call then never returns
 * to the processor, which goes on renewing its lease until it is killed.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { MiddlewareProvider } from '@paasport/plugin-marketplace-node';
import knexFactory from 'knex';
import { DatabaseMarketplaceStore } from '../database/DatabaseMarketplaceStore';
import { OsbClient, OsbProvider } from '../providers/osb';
import { ProviderRegistry } from '../services/processor/ProviderRegistry';
import { RequestProcessor } from '../services/processor/RequestProcessor';
import { BROKER_AUTH } from './broker';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const stderrLogger: LoggerService = {
  error: message => console.error(`error: ${message}`),
  warn: message => console.error(`warn: ${message}`),
  info: message => console.error(`info: ${message}`),
  debug: () => {},
  child: () => stderrLogger,
};

/** The broker does the work; the processor never hears back. */
function stuckAfterProvision(inner: MiddlewareProvider): MiddlewareProvider {
  return {
    id: inner.id,
    provision: async input => {
      await inner.provision(input);
      console.log(`provisioned ${input.instanceId}`);
      return new Promise(() => {});
    },
    getStatus: (ref, action) => inner.getStatus(ref, action),
    bind: binding => inner.bind(binding),
    unbind: binding => inner.unbind(binding),
    deprovision: ref => inner.deprovision(ref),
    verifyGone: ref => inner.verifyGone(ref),
  };
}

async function main() {
  const knex = knexFactory({
    client: 'pg',
    connection: JSON.parse(required('REPLICA_DB')),
  });
  const store = await DatabaseMarketplaceStore.create({
    database: knex,
    skipMigrations: true,
  });
  const providers = new ProviderRegistry();
  providers.add(
    stuckAfterProvision(
      new OsbProvider(
        'shared',
        new OsbClient({ url: required('REPLICA_BROKER_URL'), ...BROKER_AUTH }),
      ),
    ),
  );
  const processor = new RequestProcessor({
    store,
    providers,
    logger: stderrLogger,
    tuning: { leaseMs: Number(required('REPLICA_LEASE_MS')) },
  });
  console.log(`owner ${processor.owner}`);
  for (;;) {
    await processor.runOnce();
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
