import { ConflictError } from '@backstage/errors';
import { advanceCanary } from './canaryMachine';
import { canarySpecSchema } from './canarySpec';
import { CanaryInput, CanaryState, startCanary } from './canaryState';
import {
  CANARY,
  FakeCanaryRun,
  STABLE,
  T0,
} from './__testUtils__/fakeCanaryRun';

const image = { images: { api: 'registry.example.com/shop/api:2.0.0' } };
const spec = canarySpecSchema.parse(image);
const by = 'user:default/ana';
const started = startCanary({
  originalReplicas: 10,
  stableTemplate: STABLE,
  canaryTemplate: CANARY,
  now: T0,
});

function refusal(state: CanaryState, input: CanaryInput): string {
  try {
    advanceCanary(spec, state, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConflictError);
    return (error as Error).message;
  }
  throw new Error(`${input.type} was accepted in phase ${state.phase}`);
}

const person = (type: 'promote' | 'pause' | 'resume' | 'abort') => ({
  type,
  now: T0,
  by,
});

describe('person actions', () => {
  it('promotes mid-way without analysing the remaining steps', () => {
    const run = new FakeCanaryRun(image, { verdicts: ['pass'] });
    while (run.state.stepIndex < 1 || run.state.phase !== 'paused') run.tick();
    run.person('promote');
    expect(run.state.phase).toBe('promoting');
    run.runUntilStill();

    expect(run.state.phase).toBe('succeeded');
    expect(run.analysedSteps).toEqual([0]);
    expect(run.cluster.stable).toEqual({
      desired: 10,
      ready: 10,
      template: CANARY,
    });
    expect(run.cluster.canary).toBeNull();
    const promotion = [...run.events.values()].find(
      e => e.kind === 'promotionStarted',
    );
    expect(promotion).toMatchObject({
      by,
      message: `promotion started by ${by}`,
    });
  });

  it('aborts mid-way, leaving the stable template as it was', () => {
    const run = new FakeCanaryRun(image, { verdicts: ['pass'] });
    while (run.state.stepIndex < 1 || run.state.phase !== 'paused') run.tick();
    expect(run.cluster.replicas()).toEqual({ canary: 3, stable: 7 });
    run.person('abort');
    run.runUntilStill();

    expect(run.state.phase).toBe('aborted');
    expect(run.state.abortReason).toBe(`aborted by ${by}`);
    expect(run.cluster.stable).toEqual({
      desired: 10,
      ready: 10,
      template: STABLE,
    });
    expect(run.cluster.canary).toBeNull();
    expect(run.cluster.lowestReady).toBeGreaterThanOrEqual(10);
  });

  it('holds a paused canary past its soak, and starts the step again on resume', () => {
    const run = new FakeCanaryRun(image, { verdicts: ['pass'] });
    while (run.state.phase !== 'paused') run.tick();
    run.person('pause');
    expect(run.state.pause).toMatchObject({
      kind: 'person',
      by,
      resumeTo: 'scaling',
    });
    for (let i = 0; i < 30; i++) expect(run.tick().actions).toEqual([]);
    expect(run.analysedSteps).toEqual([]);

    run.person('resume');
    expect(run.state).toMatchObject({ phase: 'scaling', stepIndex: 0 });
    run.tick();
    expect(run.state.pause?.kind).toBe('step');
    while (run.state.stepIndex === 0) run.tick();
    expect(run.analysedSteps).toEqual([0]);
  });

  it('pauses and resumes a promotion', () => {
    const run = new FakeCanaryRun(image);
    run.tick();
    run.person('promote');
    run.tick();
    run.person('pause');
    expect(run.state.pause).toMatchObject({
      kind: 'person',
      resumeTo: 'promoting',
    });
    run.person('resume');
    expect(run.state.phase).toBe('promoting');
    run.runUntilStill();
    expect(run.state.phase).toBe('succeeded');
    expect(run.cluster.stable.template).toBe(CANARY);
  });

  it('finishes as succeeded, and says why, when an abort lands after the template swap', () => {
    const run = new FakeCanaryRun(image);
    run.person('promote');
    while (run.cluster.stable.template !== CANARY) run.tick();
    expect(run.state.templatePromoted).toBe(false);
    run.person('abort');
    run.runUntilStill();
    expect(run.state.phase).toBe('succeeded');
    expect(run.state.message).toMatch(/release is live; roll back to undo it/);
    expect(run.cluster.stable).toEqual({
      desired: 10,
      ready: 10,
      template: CANARY,
    });
  });

  it('refuses actions that make no sense in the current phase, saying why', () => {
    expect(refusal(started, person('resume'))).toBe(
      'the canary is not paused: it is scaling',
    );
    const paused = advanceCanary(spec, started, person('pause')).state;
    expect(refusal(paused, person('pause'))).toBe(
      `the canary is already paused: paused by ${by}`,
    );
    const promoting = advanceCanary(spec, started, person('promote')).state;
    expect(refusal(promoting, person('promote'))).toBe(
      'the canary is already being promoted',
    );
    expect(refusal(promoting, person('resume'))).toMatch(
      /not paused: it is promoting/,
    );
    const aborting = advanceCanary(spec, started, person('abort')).state;
    expect(refusal(aborting, person('abort'))).toBe(
      'the canary is already being aborted',
    );
    expect(refusal(aborting, person('pause'))).toMatch(
      /an abort cannot be paused/,
    );
    expect(refusal(aborting, person('promote'))).toMatch(
      /being aborted; it can no longer be promoted/,
    );
    expect(
      refusal({ ...promoting, templatePromoted: true }, person('abort')),
    ).toMatch(/already runs the new template, so the release is live/);
  });

  it('will not promote over a change to the stable, nor adopt the canary template as its baseline', () => {
    const changed: CanaryState = {
      ...started,
      phase: 'paused',
      pause: {
        kind: 'stableChanged',
        reason: 'changed',
        resumeTo: 'scaling',
        stableTemplate: 'hotfix',
      },
    };
    expect(refusal(changed, person('promote'))).toMatch(
      /would overwrite that change/,
    );
    expect(advanceCanary(spec, changed, person('resume')).state).toMatchObject({
      phase: 'scaling',
      stableTemplate: 'hotfix',
    });
    const toCanary = {
      ...changed,
      pause: { ...changed.pause!, stableTemplate: CANARY },
    };
    expect(refusal(toCanary, person('resume'))).toMatch(
      /given the canary's template/,
    );
  });

  it('takes nothing once terminal', () => {
    for (const phase of ['succeeded', 'aborted'] as const) {
      const ended = { ...started, phase };
      for (const input of [
        person('promote'),
        person('pause'),
        person('resume'),
        person('abort'),
        {
          type: 'verdict' as const,
          now: T0,
          stepIndex: 0,
          outcome: 'pass' as const,
          verdictId: 'v',
        },
        {
          type: 'tick' as const,
          now: T0,
          observed: {
            canary: null,
            stable: { desired: 10, ready: 10, template: STABLE },
            bounds: { maxSurge: 1, maxUnavailable: 0 },
          },
        },
      ]) {
        expect(refusal(ended, input)).toMatch(
          phase === 'succeeded' ? /already succeeded/ : /already been aborted/,
        );
      }
    }
  });

  it('needs the person who acted', () => {
    expect(() =>
      advanceCanary(spec, started, { ...person('pause'), by: '' }),
    ).toThrow(/needs the person/);
  });
});

describe('verdicts', () => {
  const analysing: CanaryState = {
    ...started,
    phase: 'analysing',
    stepIndex: 1,
  };
  const verdict = (stepIndex: number) =>
    ({
      type: 'verdict',
      now: T0,
      stepIndex,
      outcome: 'pass',
      verdictId: 'v1',
    } as const);

  it('are taken only while the step they judge is being analysed', () => {
    expect(refusal(started, verdict(0))).toMatch(
      /no analysis is pending: the canary is scaling/,
    );
    expect(refusal(analysing, verdict(0))).toBe(
      'the verdict is for step 1, but the canary is at step 2 of 4 (25 %)',
    );
  });

  it('are recorded with their id, before what they cause', () => {
    const { state, actions } = advanceCanary(spec, analysing, verdict(1));
    expect(state).toMatchObject({
      phase: 'scaling',
      stepIndex: 2,
      lastVerdict: { stepIndex: 1, outcome: 'pass', verdictId: 'v1' },
    });
    expect(actions).toEqual([
      {
        type: 'record',
        event: expect.objectContaining({
          kind: 'verdict',
          verdictId: 'v1',
          key: `${state.sequence}:verdict`,
        }),
      },
    ]);
  });
});

describe('startCanary', () => {
  it('refuses a stable Deployment without replicas and a change that changes nothing', () => {
    expect(() =>
      startCanary({
        originalReplicas: 0,
        stableTemplate: 'a',
        canaryTemplate: 'b',
        now: T0,
      }),
    ).toThrow(/at least one replica/);
    expect(() =>
      startCanary({
        originalReplicas: 3,
        stableTemplate: 'a',
        canaryTemplate: 'a',
        now: T0,
      }),
    ).toThrow(/nothing to release/);
  });
});
