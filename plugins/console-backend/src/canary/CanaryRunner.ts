import { ConflictError, NotFoundError } from '@backstage/errors';
import { ApplicationModel, Person } from '@paasport/kubernetes-node';
import { randomUUID } from 'node:crypto';
import { FIELD_MANAGER } from '../rollback/kubernetesErrors';
import { runAnalysis } from './analysis/runAnalysis';
import { CanaryVerdict } from './analysis/verdict';
import { CanaryDeployments, CanarySight } from './kubernetes/CanaryDeployments';
import {
  advanceCanary,
  CanaryAction,
  CanaryEvent,
  CanaryInput,
  CanaryTransition,
  isTerminal,
} from './plan';
import {
  CanaryStore,
  CanaryUpdate,
  NewCanaryEvent,
  NewVerdict,
  StoredCanary,
} from './store';

/** How soon the scheduler looks at a running canary again. */
export const CANARY_TICK_MS = 5_000;

/** A verdict asks the machine again; more rounds than this is a loop. */
const MAX_ROUNDS = 4;

/**
 * Carries out one input to a canary: the machine decides, this does what
 * it asks on the cluster (as the person the canary acts for) and saves the
 * new state with its events and verdicts in one write.
 *
 * Every action the machine returns states a result, not a change, so a
 * replica that dies between acting and saving leaves a state whose next
 * tick asks for the same results again: nothing is done twice.
 *
 * @internal
 */
export class CanaryRunner {
  constructor(
    private readonly options: {
      store: CanaryStore;
      entities: ApplicationModel;
      prometheusUrl: (cluster: string) => string | undefined;
    },
  ) {}

  deployments(canary: StoredCanary, person: Person): CanaryDeployments {
    return new CanaryDeployments(
      this.options.entities.objectsFor(canary.cluster, person, FIELD_MANAGER),
      { namespace: canary.namespace, name: canary.name, canaryId: canary.id },
    );
  }

  /**
   * Gives the canary one input and saves the outcome; a tick observes both
   * Deployments first. `lease` is the scheduler's claim; a person's action
   * has none and is guarded by the version alone.
   */
  async advance(
    canary: StoredCanary,
    input:
      | { type: 'tick' }
      | Exclude<CanaryInput, { type: 'tick' | 'verdict' }>,
    options: { person: Person; lease?: { owner: string }; now?: Date },
  ): Promise<StoredCanary> {
    const now = options.now ?? new Date();
    const deployments = this.deployments(canary, options.person);
    const events: NewCanaryEvent[] = [];
    const verdicts: NewVerdict[] = [];
    let sight: CanarySight | undefined;

    let transition: CanaryTransition;
    if (input.type === 'tick') {
      try {
        sight = await deployments.observe(
          canary.state.originalReplicas,
          canary.state.autoscaler,
        );
      } catch (error) {
        if (error instanceof NotFoundError) {
          return this.endForLostStable(canary, options, now, error.message);
        }
        throw error;
      }
      transition = advanceCanary(canary.spec, canary.state, {
        type: 'tick',
        now,
        observed: sight.observed,
      });
    } else {
      transition = advanceCanary(canary.spec, canary.state, input);
    }

    for (let round = 0; ; round++) {
      const verdict = await this.execute(
        canary,
        deployments,
        transition.actions,
        events,
        now,
      );
      if (!verdict || round >= MAX_ROUNDS) break;
      const id = randomUUID();
      verdicts.push({
        id,
        stepIndex: verdict.stepIndex,
        verdict: verdict.verdict,
      });
      const summary = verdict.verdict.metrics
        .filter(m => m.outcome !== 'pass')
        .map(m => `${m.name}: ${m.reason}`)
        .join('; ');
      transition = advanceCanary(canary.spec, transition.state, {
        type: 'verdict',
        now,
        stepIndex: verdict.stepIndex,
        outcome: verdict.verdict.outcome,
        verdictId: id,
        summary: summary || undefined,
      });
    }

    const { state } = transition;
    const finished = isTerminal(state.phase)
      ? {
          outcome:
            state.phase === 'succeeded'
              ? ('promoted' as const)
              : ('aborted' as const),
          at: now.toISOString(),
        }
      : undefined;
    const update: CanaryUpdate = {
      expectedVersion: canary.version,
      lease: options.lease && { owner: options.lease.owner, release: true },
      state,
      nextRunAt: new Date(now.getTime() + CANARY_TICK_MS).toISOString(),
      finished,
      events,
      verdicts,
      observation: sight && {
        at: now.toISOString(),
        actualWeight: sight.actualWeight,
        canary: sight.observed.canary,
        stable: {
          desired: sight.observed.stable.desired,
          ready: sight.observed.stable.ready,
        },
      },
      now,
    };
    const version = await this.options.store.save(canary.id, update);
    return {
      ...canary,
      state,
      phase: state.phase,
      message: state.message,
      version,
      ...(update.observation && { observation: update.observation }),
      ...(finished && { outcome: finished.outcome, finishedAt: finished.at }),
    };
  }

  /**
   * Does the machine's actions in order. Answers the verdict when one asked
   * for an analysis: the machine takes it before anything else happens.
   */
  private async execute(
    canary: StoredCanary,
    deployments: CanaryDeployments,
    actions: CanaryAction[],
    events: NewCanaryEvent[],
    now: Date,
  ): Promise<{ stepIndex: number; verdict: CanaryVerdict } | undefined> {
    for (const action of actions) {
      switch (action.type) {
        case 'record':
          events.push(eventOf(action.event));
          break;
        case 'scale':
          await deployments.scale(action.deployment, action.replicas);
          break;
        case 'deleteCanary':
          await deployments.deleteCanary();
          break;
        case 'holdAutoscaler':
          await deployments.autoscaler.hold(canary.state.autoscaler!);
          break;
        case 'releaseAutoscaler':
          await deployments.autoscaler.release(canary.state.autoscaler!);
          break;
        case 'promote': {
          const live = await deployments.readCanary();
          if (!live) {
            throw new ConflictError(
              `The canary Deployment ${canary.namespace}/${canary.canaryName} is gone; nothing to promote`,
            );
          }
          await deployments.promote(
            action.expectStableTemplate,
            live.spec.template,
            `canary ${canary.id} promoted (started by ${canary.actor})`,
          );
          break;
        }
        case 'runAnalysis': {
          const prometheusUrl = this.options.prometheusUrl(canary.cluster);
          if (!prometheusUrl) {
            throw new ConflictError(
              `No Prometheus configured for cluster ${canary.cluster}: the canary cannot be analysed`,
            );
          }
          const verdict = await runAnalysis({
            prometheusUrl,
            namespace: canary.namespace,
            name: canary.name,
            spec: canary.spec,
            now,
          });
          return { stepIndex: action.stepIndex, verdict };
        }
        default:
          throw new Error(`Unknown canary action ${JSON.stringify(action)}`);
      }
    }
    return undefined;
  }

  /** The stable Deployment is gone: nothing left to release to. */
  private async endForLostStable(
    canary: StoredCanary,
    options: { person: Person; lease?: { owner: string } },
    now: Date,
    why: string,
  ): Promise<StoredCanary> {
    const deployments = this.deployments(canary, options.person);
    await deployments.deleteCanary();
    // An autoscaler of a Deployment that is gone scales nothing, but it
    // should not keep the canary's hold if the Deployment comes back.
    if (canary.state.autoscaler) {
      await deployments.autoscaler.release(canary.state.autoscaler);
    }
    const message = `aborted: ${why}; the canary Deployment was removed`;
    const state = {
      ...canary.state,
      phase: 'aborted' as const,
      message,
      abortReason: why,
      endedAt: now.toISOString(),
      sequence: canary.state.sequence + 1,
    };
    const at = now.toISOString();
    const version = await this.options.store.save(canary.id, {
      expectedVersion: canary.version,
      lease: options.lease && { owner: options.lease.owner, release: true },
      state,
      nextRunAt: null,
      finished: { outcome: 'failed', at },
      events: [
        {
          kind: 'aborted',
          message,
          key: `${state.sequence}:aborted`,
          stepIndex: state.stepIndex,
          at,
        },
      ],
      now,
    });
    return {
      ...canary,
      state,
      phase: 'aborted',
      message,
      version,
      outcome: 'failed',
      finishedAt: at,
    };
  }
}

function eventOf(event: CanaryEvent): NewCanaryEvent {
  return {
    kind: event.kind,
    message: event.message,
    actor: event.by,
    at: event.at,
    key: event.key,
    stepIndex: event.stepIndex,
    verdictId: event.verdictId,
  };
}
