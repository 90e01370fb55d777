import { CanaryDetail } from '@paasport/plugin-console-common';
import { AdminApis, readRaw } from '../../src/__testUtils__/devcluster';
import { ANALYSIS, CanaryClient, image } from './canaryClient';

/** Issue 15's release: four steps, 30 s pauses between them. */
export const HEALTHY_SPEC = (app: string) => ({
  images: { app: image(app, '2.0.0') },
  steps: [
    { weight: 10, pause: { seconds: 30 } },
    { weight: 25, pause: { seconds: 30 } },
    { weight: 50, pause: { seconds: 30 } },
    { weight: 100 },
  ],
  analysis: ANALYSIS,
});

/** One step of the canary, from its history; times in ms. */
export interface StepTiming {
  weight: number;
  /** Step start (the previous verdict, or the POST) → its weight reached. */
  scalingMs: number;
  /**
   * Weight reached → its verdict (the soak, then the analysis tick); on
   * the last step, weight reached → promotion finished.
   */
  restMs: number;
  totalMs: number;
  outcome: string;
}

/** What the healthy canary's run measured. */
export interface HealthyRun {
  canary: CanaryDetail;
  replicas: number;
  /** POST → `GET /canaries/:id` first says promoted (250 ms polls). */
  wallMs: number;
  /** The canary's own started → succeeded events. */
  historyMs: number;
  steps: StepTiming[];
  stableImage: string;
  stableOnNewImage: boolean;
  stableReplicas: number;
  canaryDeploymentGone: boolean;
}

const at = (iso: string) => Date.parse(iso);

/**
 * Per step from the canary's events and verdicts: a step starts when the
 * previous one's verdict was judged (the same tick moves to the next step),
 * reaches its weight at its `stepReached` event, and ends with its own
 * verdict, or for the last step with `succeeded`.
 */
export function stepTimings(canary: CanaryDetail): StepTiming[] {
  const event = (kind: string, stepIndex?: number) =>
    canary.events.find(
      e =>
        e.kind === kind &&
        (stepIndex === undefined || e.stepIndex === stepIndex),
    );
  const started = event('started');
  if (!started) throw new Error('the canary has no started event');
  let start = at(started.at);
  return canary.steps.map((step, i) => {
    const reached = event('stepReached', i);
    const verdict = canary.verdicts.find(v => v.stepIndex === i);
    const last = i === canary.steps.length - 1;
    const endEvent = last ? event('succeeded') : undefined;
    const end = verdict
      ? at(verdict.verdict.judgedAt)
      : endEvent && at(endEvent.at);
    if (!reached || end === undefined) {
      throw new Error(`step ${i + 1} did not run to its end`);
    }
    const timing = {
      weight: step.weight,
      scalingMs: at(reached.at) - start,
      restMs: end - at(reached.at),
      totalMs: end - start,
      outcome: verdict ? verdict.verdict.outcome : 'promoted',
    };
    start = end;
    return timing;
  });
}

/**
 * Runs the four-step canary of a healthy release of a `replicas`-replica
 * Deployment from POST to promotion, and checks the stable Deployment ends
 * on the new image with its replicas and without the canary.
 */
export async function runHealthyCanary(
  client: CanaryClient,
  admin: AdminApis,
  namespace: string,
  app: string,
  log: (message: string) => void,
): Promise<HealthyRun> {
  const before = await readRaw(admin, namespace, app);
  const posted = Date.now();
  const started = await client.start(app, HEALTHY_SPEC(app));
  log(`healthy canary ${started.id} started`);
  let lastMessage = '';
  const canary = await client.until(
    started.id,
    c => {
      if (c.message !== lastMessage && !c.message.includes('scaling the')) {
        log(`  ${c.message}`);
      }
      lastMessage = c.message;
      return c.outcome === 'promoted';
    },
    12 * 60_000,
    'the promotion',
  );
  const wallMs = Date.now() - posted;
  const stable = await readRaw(admin, namespace, app);
  const stableImage = stable.spec.template.spec?.containers[0].image ?? '';
  const gone = await admin.apps
    .readNamespacedDeployment({ name: `${app}-canary`, namespace })
    .then(
      () => false,
      () => true,
    );
  const first = canary.events.find(e => e.kind === 'started')!;
  const succeeded = canary.events.find(e => e.kind === 'succeeded');
  return {
    canary,
    replicas: before.spec.replicas ?? 1,
    wallMs,
    historyMs: succeeded ? at(succeeded.at) - at(first.at) : NaN,
    steps: stepTimings(canary),
    stableImage,
    stableOnNewImage: stableImage === image(app, '2.0.0'),
    stableReplicas: stable.spec.replicas ?? 0,
    canaryDeploymentGone: gone,
  };
}
