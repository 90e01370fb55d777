/*
 * A decommission worker in its own process, for the test of a replica that
 * dies mid-run (DecommissionWorker.replicas.test.ts): it claims the runs of
 * the database it is given and works on them with stand-in steps that print
 * "DONE <key>" when they finish an item and "HANG <key>" before one that
 * never finishes; the test then kills it with SIGKILL, which is what a
 * crash looks like to the database. Run with the Backstage CLI's TypeScript
 * hook:
 *   node --require @backstage/cli/config/nodeTransform.cjs dyingWorker.ts '<json>'
 * where json is { database (knex config), owner, leaseMs, hangOn }. Prints
 * "CLAIMED <n>" once it has claimed.
 */
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import { DatabaseDecommissionStore } from '../database/DecommissionStore';
import { DecommissionRunner } from '../services/run/DecommissionRunner';
import { DecommissionWorker } from '../services/run/DecommissionWorker';
import { standInSteps } from './standInSteps';

const print = (line: string) => process.stdout.write(`${line}\n`);

const logger: LoggerService = {
  error: message => process.stderr.write(`error: ${message}\n`),
  warn: message => process.stderr.write(`warn: ${message}\n`),
  info: () => undefined,
  debug: () => undefined,
  child: () => logger,
};

const auditor = {
  createEvent: async () => ({
    success: async () => undefined,
    fail: async () => undefined,
  }),
} as unknown as AuditorService;

async function main() {
  const options = JSON.parse(process.argv[2]) as {
    database: Knex.Config;
    owner: string;
    leaseMs: number;
    hangOn: string;
  };
  const knex = knexFactory(options.database);
  const store = await DatabaseDecommissionStore.create({
    database: { getClient: async () => knex },
    skipMigrations: true,
  });
  const steps = standInSteps({
    onDone: key => print(`DONE ${key}`),
    hang: key => {
      if (key !== options.hangOn) return false;
      print(`HANG ${key}`);
      return true;
    },
  });
  const worker = new DecommissionWorker({
    store,
    runner: new DecommissionRunner({ store, ...steps, logger }),
    auditor,
    logger,
    leaseMs: options.leaseMs,
    owner: options.owner,
  });
  print(`CLAIMED ${await worker.poll()}`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
