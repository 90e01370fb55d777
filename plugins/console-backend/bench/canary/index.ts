/*
 * Issue 15's benchmark: canary releases on the devcluster's `dev`, through
 * one console backend. See "Canary benchmark" in ../README.md.
 *
 *   yarn workspace @paasport/plugin-console-backend bench:canary
 */
import { deleteNamespace } from '@paasport/devcluster';
import {
  component,
  startConsoleBackend,
} from '../../src/__testUtils__/backend';
import { deployCanaryApp } from '../../src/__testUtils__/canaryApp';
import {
  adminApis,
  createTestNamespace,
  devcluster,
} from '../../src/__testUtils__/devcluster';
import { TaskScheduler } from '../../src/__testUtils__/taskScheduler';
import { CanaryClient } from './canaryClient';
import { formatCanaryReport } from './canaryReport';
import { runFailingCanary } from './failingCanary';
import { runHealthyCanary } from './healthyCanary';
import { provideJestFn } from './jestFn';
import { measured } from './measure';
import { queriesBetween, readHandlerCounts } from './prometheusRequests';

const CLUSTER = 'dev';
const FAILING_APP = 'canary-bad';
const HEALTHY_APP = 'canary-good';
const HEALTHY_REPLICAS = 10;
/** Long enough to see other clients' queries on the shared Prometheus. */
const IDLE_MS = 15_000;

const log = (message: string) =>
  console.error(
    `[bench:canary ${new Date().toISOString().slice(11, 19)}] ${message}`,
  );
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function main() {
  const admin = await adminApis(CLUSTER);
  const { data } = await devcluster();
  const prometheusUrl = data.paasport.clusters[CLUSTER]?.prometheusUrl;
  if (!prometheusUrl) {
    throw new Error(`the devcluster config has no Prometheus for ${CLUSTER}`);
  }
  let namespace: string | undefined;
  let ticking: NodeJS.Timeout | undefined;
  let stopBackend = async () => {};
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => {
    cleaning ??= (async () => {
      clearInterval(ticking);
      await stopBackend().catch(error => log(`stopping the backend: ${error}`));
      if (namespace) {
        // Reported, not thrown: it must not hide why the run failed.
        await deleteNamespace(CLUSTER, namespace).then(
          () => log(`namespace ${namespace} deleted`),
          error => log(`deleting namespace ${namespace} failed: ${error}`),
        );
      }
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      cleanUp().finally(() => process.exit(130));
    });
  }

  try {
    namespace = await createTestNamespace(admin, 'canary-bench');
    const ns = namespace;
    log(
      `namespace ${ns} on ${CLUSTER}: deploying ${FAILING_APP} (4 replicas) and ${HEALTHY_APP} (${HEALTHY_REPLICAS})`,
    );
    await deployCanaryApp(admin, ns, FAILING_APP);
    await deployCanaryApp(admin, ns, HEALTHY_APP, HEALTHY_REPLICAS);

    // The canary task, run every second as a replica's scheduler would
    // (the test backend's own scheduler runs nothing by itself).
    const scheduler = new TaskScheduler();
    provideJestFn();
    const started = await startConsoleBackend({
      entities: [component(FAILING_APP, ns), component(HEALTHY_APP, ns)],
      scheduler,
    });
    stopBackend = () => started.backend.stop();
    ticking = setInterval(
      () => scheduler.runTask('console-canary-ticks').catch(() => {}),
      1000,
    );
    const client = new CanaryClient(started.server, ns);

    log(`counting background queries on ${prometheusUrl} for ${IDLE_MS} ms`);
    const idleBefore = await readHandlerCounts(prometheusUrl);
    await sleep(IDLE_MS);
    const idle = {
      queries: queriesBetween(
        idleBefore,
        await readHandlerCounts(prometheusUrl),
      ),
      windowMs: IDLE_MS,
    };

    const place = { cluster: CLUSTER, namespace: ns, prometheusUrl };
    log('run 1: a failing canary');
    const failing = await measured(place, () =>
      runFailingCanary(client, admin, ns, FAILING_APP, log),
    );
    log('run 2: a healthy four-step canary');
    const healthy = await measured(place, () =>
      runHealthyCanary(client, admin, ns, HEALTHY_APP, log),
    );
    console.log(
      `\n${formatCanaryReport({
        date: new Date().toISOString().slice(0, 10),
        failing,
        healthy,
        idle,
      })}\n`,
    );
  } finally {
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
