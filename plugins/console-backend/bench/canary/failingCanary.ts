import { CanaryDetail } from '@paasport/plugin-console-common';
import {
  AdminApis,
  eventually,
  readRaw,
} from '../../src/__testUtils__/devcluster';
import {
  ANALYSIS,
  CanaryClient,
  ERROR_RATE_ANNOTATION,
  image,
} from './canaryClient';
import { DeploymentPoller } from './deploymentWatch';

/** The bad release: 40 % of its requests answer 5xx. */
export const FAILING_SPEC = (app: string) => ({
  images: { app: image(app, '2.0.0-bad') },
  annotations: { [ERROR_RATE_ANNOTATION]: '0.4' },
  steps: [{ weight: 50, pause: { seconds: 30 } }, { weight: 100 }],
  analysis: ANALYSIS,
});

/** How fast a failing verdict takes the bad pods out of service. */
export interface FailingRun {
  canary: CanaryDetail;
  /** The stable Deployment's replicas before the canary. */
  replicas: number;
  /** The failing verdict's judgedAt (the tick that judged it), epoch ms. */
  verdictAt: number;
  postToVerdictMs: number;
  /** Failing verdict → the canary Deployment asks for 0 replicas. */
  toZeroDesiredMs: number;
  /** Failing verdict → the canary Deployment has no pods left. */
  toNoPodsMs: number;
  /** Failing verdict → the canary Deployment is gone. */
  toDeletedMs: number;
  /** The stable Deployment ended with its original template and replicas. */
  stableUntouched: boolean;
  /** Admin reads that failed (gaps in the 100 ms timeline). */
  failedReads: number;
}

const first = (
  samples: Parameters<typeof DeploymentPoller.firstAfter>[0],
  since: number,
  matches: Parameters<typeof DeploymentPoller.firstAfter>[2],
  what: string,
) => {
  const found = DeploymentPoller.firstAfter(samples, since, matches);
  if (!found) throw new Error(`the canary Deployment was never seen ${what}`);
  return found.at - since;
};

/**
 * Starts a canary whose pods fail 40 % of requests and times, as admin
 * reads every 100 ms, how long after the failing verdict the canary
 * Deployment is at 0 replicas and deleted.
 */
export async function runFailingCanary(
  client: CanaryClient,
  admin: AdminApis,
  namespace: string,
  app: string,
  log: (message: string) => void,
): Promise<FailingRun> {
  const before = await readRaw(admin, namespace, app);
  const poller = new DeploymentPoller(admin, namespace, `${app}-canary`);
  let samples;
  let canary: CanaryDetail;
  const posted = Date.now();
  try {
    const started = await client.start(app, FAILING_SPEC(app));
    log(`failing canary ${started.id} started; waiting for its verdict`);
    const judged = await client.until(
      started.id,
      c => c.verdicts.some(v => v.verdict.outcome === 'fail'),
      6 * 60_000,
      'a failing verdict',
    );
    log(`failing verdict: ${judged.message}; waiting for the clean-up`);
    canary = await client.until(
      started.id,
      c => !!c.finishedAt || c.phase === 'aborted',
      3 * 60_000,
      'the abort to finish',
    );
    // The abort deletes the Deployment in its last tick; the poller must
    // still see that.
    await eventually(
      async () =>
        !(await admin.apps
          .readNamespacedDeployment({ name: `${app}-canary`, namespace })
          .then(
            () => true,
            () => false,
          )),
      30_000,
      'the canary Deployment to be gone',
    );
    await new Promise(r => setTimeout(r, 300));
  } finally {
    samples = await poller.stop();
  }
  const failed = canary.verdicts.find(v => v.verdict.outcome === 'fail')!;
  const verdictAt = Date.parse(failed.verdict.judgedAt);
  const after = await readRaw(admin, namespace, app);
  return {
    canary,
    replicas: before.spec.replicas ?? 1,
    verdictAt,
    postToVerdictMs: verdictAt - posted,
    toZeroDesiredMs: first(
      samples,
      verdictAt,
      s => s.exists && s.desired === 0,
      'at 0 replicas',
    ),
    toNoPodsMs: first(samples, verdictAt, s => s.pods === 0, 'without pods'),
    toDeletedMs: first(samples, verdictAt, s => !s.exists, 'deleted'),
    stableUntouched:
      JSON.stringify(after.spec.template) ===
        JSON.stringify(before.spec.template) &&
      after.spec.replicas === before.spec.replicas,
    failedReads: poller.failedReads,
  };
}
