import { advanceCanary } from './canaryMachine';
import { CANARY, FakeCanaryRun, STABLE } from './__testUtils__/fakeCanaryRun';

const image = { images: { api: 'registry.example.com/shop/api:2.0.0' } };
const threeStepsOfThirtySeconds = {
  ...image,
  steps: [
    { weight: 10, pause: { seconds: 30 } },
    { weight: 50, pause: { seconds: 30 } },
    { weight: 100 },
  ],
  analysis: { intervalSeconds: 5, windowSeconds: 30, minSamples: 6 },
};

describe('advanceCanary', () => {
  it('walks every step, analyses all but the 100 step, promotes and removes the canary', () => {
    const run = new FakeCanaryRun(image, {
      verdicts: ['pass', 'pass', 'pass'],
    });
    run.runUntilStill();

    expect(run.state.phase).toBe('succeeded');
    expect(run.state.endedAt).toBeDefined();
    expect(run.reached).toEqual([
      { canary: 1, stable: 9 },
      { canary: 3, stable: 7 },
      { canary: 5, stable: 5 },
      { canary: 10, stable: 0 },
    ]);
    expect(run.analysedSteps).toEqual([0, 1, 2]);
    expect(run.cluster.canary).toBeNull();
    expect(run.cluster.stable).toEqual({
      desired: 10,
      ready: 10,
      template: CANARY,
    });
    expect(run.cluster.peakDesired).toBeLessThanOrEqual(12);
    expect(run.cluster.lowestReady).toBeGreaterThanOrEqual(10);
    expect(run.kinds()).toEqual([
      ...[
        'stepReached',
        'verdict',
        'stepReached',
        'verdict',
        'stepReached',
        'verdict',
      ],
      ...['stepReached', 'promoted', 'succeeded'],
    ]);
    // Each analysed step soaked for its two-minute pause first.
    const at = (kind: string) =>
      [...run.events.values()]
        .filter(e => e.kind === kind)
        .map(e => Date.parse(e.at));
    const [firstReached] = at('stepReached');
    const [firstVerdict] = at('verdict');
    expect(firstVerdict - firstReached).toBeGreaterThanOrEqual(120_000);
  });

  it('aborts at the first failed verdict with a failure limit of 1, leaving the stable template alone', () => {
    const run = new FakeCanaryRun(image, { verdicts: ['pass', 'fail'] });
    run.runUntilStill();

    expect(run.state.phase).toBe('aborted');
    expect(run.state.failures).toBe(1);
    expect(run.state.message).toMatch(
      /^aborted \(step 2 of 4 \(25 %\) failed its analysis .*\): the stable Deployment is back/,
    );
    expect(run.cluster.canary).toBeNull();
    expect(run.cluster.stable).toEqual({
      desired: 10,
      ready: 10,
      template: STABLE,
    });
    expect(run.cluster.lowestReady).toBeGreaterThanOrEqual(10);
    const abort = [...run.events.values()].find(e => e.kind === 'abortStarted');
    expect(abort?.message).toMatch(
      /step 2 of 4 \(25 %\) failed its analysis \(1 of 1 failures allowed\); aborting/,
    );
  });

  it('re-analyses a failed step on fresh data below the failure limit, and aborts at it', () => {
    const run = new FakeCanaryRun(
      { ...threeStepsOfThirtySeconds, failureLimit: 2 },
      { verdicts: ['fail', 'pass', 'fail'] },
    );
    while (run.state.pause?.kind !== 'retry') run.tick();
    expect(run.state.pause?.reason).toMatch(
      /\(1 of 2 failures allowed\); analysing it again at/,
    );
    const retryAt = Date.parse(run.state.pause!.until!);
    run.runUntilStill();

    expect(run.analysedSteps).toEqual([0, 0, 1]);
    expect(run.state.phase).toBe('aborted');
    expect(run.state.failures).toBe(2);
    const verdicts = [...run.events.values()].filter(e => e.kind === 'verdict');
    expect(Date.parse(verdicts[1].at)).toBeGreaterThanOrEqual(retryAt);
    expect(run.cluster.stable.template).toBe(STABLE);
  });

  it('pauses for a person on an inconclusive verdict, and goes on to the next step on resume', () => {
    const run = new FakeCanaryRun(threeStepsOfThirtySeconds, {
      verdicts: ['inconclusive', 'pass'],
    });
    run.runUntilStill();
    expect(run.state.phase).toBe('paused');
    expect(run.state.pause).toMatchObject({
      kind: 'inconclusive',
      resumeTo: 'nextStep',
    });
    expect(run.state.message).toMatch(/^inconclusive: too little traffic/);
    const stillPaused = run.tick();
    expect(stillPaused.actions).toEqual([]);
    expect(stillPaused.state.phase).toBe('paused');

    run.person('resume');
    expect(run.state).toMatchObject({ phase: 'scaling', stepIndex: 1 });
    run.runUntilStill();
    expect(run.state.phase).toBe('succeeded');
    expect(run.analysedSteps).toEqual([0, 1]);
  });

  it('waits for a person after a step with untilResumed passes, and before promoting at a gated 100 step', () => {
    const run = new FakeCanaryRun(
      {
        ...threeStepsOfThirtySeconds,
        steps: [
          { weight: 20, pause: { untilResumed: true } },
          { weight: 100, pause: { untilResumed: true } },
        ],
      },
      { verdicts: ['pass'] },
    );
    run.runUntilStill();
    expect(run.state.pause).toMatchObject({
      kind: 'gate',
      resumeTo: 'nextStep',
    });
    expect(run.state.stepIndex).toBe(0);
    run.person('resume');
    run.runUntilStill();
    expect(run.state.pause).toMatchObject({
      kind: 'gate',
      resumeTo: 'promoting',
    });
    expect(run.cluster.replicas()).toEqual({ canary: 10, stable: 0 });
    expect(run.cluster.stable.template).toBe(STABLE);
    run.person('resume');
    run.runUntilStill();
    expect(run.state.phase).toBe('succeeded');
    expect(run.cluster.stable.template).toBe(CANARY);
  });

  it('pauses with a clear message when the stable template changes under it, and compares with the new one on resume', () => {
    const run = new FakeCanaryRun(threeStepsOfThirtySeconds, {
      verdicts: ['pass', 'pass'],
    });
    while (run.state.pause?.kind !== 'step') run.tick();
    run.cluster.stable.template = 'template-hotfix';
    run.tick();
    expect(run.state.phase).toBe('paused');
    expect(run.state.pause).toMatchObject({
      kind: 'stableChanged',
      resumeTo: 'scaling',
      stableTemplate: 'template-hotfix',
    });
    expect(run.state.message).toMatch(
      /pod template was changed outside the canary/,
    );
    expect(run.analysedSteps).toEqual([]);

    run.person('resume');
    expect(run.state.stableTemplate).toBe('template-hotfix');
    const actions: string[] = [];
    while (run.state.phase !== 'succeeded')
      actions.push(...run.tick().actions.map(a => JSON.stringify(a)));
    expect(actions).toContainEqual(
      JSON.stringify({
        type: 'promote',
        expectStableTemplate: 'template-hotfix',
      }),
    );
  });

  it('does not promote over a change made to the stable after the template swap', () => {
    const run = new FakeCanaryRun(image);
    run.person('promote');
    while (!run.state.templatePromoted) run.tick();
    run.cluster.stable.template = 'template-hotfix';
    const promotes: unknown[] = [];
    while (run.state.phase === 'promoting') {
      promotes.push(...run.tick().actions.filter(a => a.type === 'promote'));
    }
    expect(promotes).toEqual([]);
    expect(run.state.phase).toBe('succeeded');
    expect(run.cluster.stable).toEqual({
      desired: 10,
      ready: 10,
      template: 'template-hotfix',
    });
    expect(run.cluster.canary).toBeNull();
  });

  it('aborts when the canary Deployment disappears', () => {
    const run = new FakeCanaryRun(image);
    run.tick();
    expect(run.cluster.replicas()).toEqual({ canary: 1, stable: 10 });
    run.cluster.canary = null;
    run.tick();
    const abort = [...run.events.values()].find(e => e.kind === 'abortStarted');
    expect(abort?.message).toMatch(/canary Deployment was deleted/);
    run.runUntilStill();
    expect(run.state.phase).toBe('aborted');
    expect(run.cluster.stable).toEqual({
      desired: 10,
      ready: 10,
      template: STABLE,
    });
  });

  it('aborts a step whose pods are not ready by the progress deadline', () => {
    const run = new FakeCanaryRun({ ...image, progressDeadlineSeconds: 60 });
    // Ticks at 0 s … 60 s: still within the deadline.
    for (let i = 0; i < 7; i++) run.tick({ settle: false });
    expect(run.state.phase).toBe('scaling');
    expect(run.state.message).toMatch(
      /waiting for 1 canary pod\(s\) to become ready/,
    );
    run.tick({ settle: false });
    expect(run.state.phase).toBe('aborting');
    expect(run.state.abortReason).toMatch(
      /^step 1 of 4 \(10 %\): waiting for 1 canary pod\(s\) to become ready; not ready within 60 s/,
    );
    run.runUntilStill();
    expect(run.cluster.replicas()).toEqual({ canary: 0, stable: 10 });
  });

  it('restores the step when replicas are changed outside it during the soak', () => {
    const run = new FakeCanaryRun(image);
    while (run.state.phase !== 'paused') run.tick();
    run.cluster.canary = { desired: 4, ready: 4 };
    const { actions } = run.tick();
    expect(run.state.phase).toBe('scaling');
    expect([...run.events.values()].pop()).toMatchObject({
      kind: 'replicasRestored',
      message: expect.stringMatching(
        /replicas were changed outside the canary/,
      ),
    });
    expect(actions.filter(a => a.type !== 'record')).toEqual([
      { type: 'scale', deployment: 'canary', replicas: 1 },
    ]);
    run.tick();
    expect(run.state.pause?.kind).toBe('step');
  });

  it('gives the same answer to the same tick', () => {
    const run = new FakeCanaryRun(image, {
      verdicts: ['pass', 'pass', 'pass'],
    });
    while (run.state.phase !== 'succeeded') {
      const input = {
        type: 'tick' as const,
        now: run.now,
        observed: run.cluster.observe(),
      };
      expect(advanceCanary(run.spec, run.state, input)).toEqual(
        advanceCanary(run.spec, run.state, input),
      );
      run.tick();
    }
  });

  it('ends the same when each action is done twice and ticks are replayed after a crash', () => {
    const plain = new FakeCanaryRun(image, {
      verdicts: ['pass', 'pass', 'pass'],
    });
    plain.runUntilStill();

    const crashing = new FakeCanaryRun(image, {
      verdicts: ['pass', 'pass', 'pass', 'pass', 'pass', 'pass'],
    });
    for (
      let i = 0;
      !['succeeded', 'aborted'].includes(crashing.state.phase);
      i++
    ) {
      if (i > 2000) throw new Error('no end');
      const saved = crashing.state;
      crashing.tick({ repeat: true });
      // Every third tick, the actions are done but the state is never saved.
      if (i % 3 === 1) crashing.state = saved;
      expect(crashing.cluster.peakDesired).toBeLessThanOrEqual(12);
      expect(crashing.cluster.lowestReady).toBeGreaterThanOrEqual(10);
    }
    expect(crashing.state.phase).toBe('succeeded');
    expect(crashing.cluster.stable).toEqual(plain.cluster.stable);
    expect(crashing.cluster.canary).toBeNull();
    expect(crashing.kinds()).toEqual(plain.kinds());
  });
});

describe('advanceCanary with a HorizontalPodAutoscaler on the stable', () => {
  it('holds it before the first scale and gives it back once the stable has its replicas again', () => {
    const run = new FakeCanaryRun(image, {
      verdicts: ['pass', 'pass', 'pass'],
      autoscalerMin: 8,
    });
    run.runUntilStill();

    expect(run.state.phase).toBe('succeeded');
    // Never scaled back by the autoscaler: it was held throughout.
    expect(run.cluster.autoscaler).toEqual({
      minReplicas: 8,
      held: false,
      fights: 0,
    });
    const log = run.cluster.log;
    expect(log[0]).toBe('holdAutoscaler');
    // Released after the last scale and before the canary is removed.
    expect(log.slice(-2)).toEqual(['releaseAutoscaler', 'deleteCanary']);
    expect(log.filter(a => a.endsWith('Autoscaler'))).toEqual([
      'holdAutoscaler',
      'releaseAutoscaler',
    ]);
    expect(run.cluster.stable).toEqual({
      desired: 10,
      ready: 10,
      template: CANARY,
    });
    expect(run.kinds()[0]).toBe('autoscalerHeld');
    expect(run.kinds().slice(-2)).toEqual(['autoscalerReleased', 'succeeded']);
  });

  it('gives it back on an abort too, with the stable as it was', () => {
    const run = new FakeCanaryRun(image, {
      verdicts: ['pass', 'fail'],
      autoscalerMin: 8,
    });
    run.runUntilStill();

    expect(run.state.phase).toBe('aborted');
    expect(run.cluster.autoscaler).toMatchObject({ held: false, fights: 0 });
    expect(run.cluster.log.slice(-2)).toEqual([
      'releaseAutoscaler',
      'deleteCanary',
    ]);
    expect(run.cluster.stable).toEqual({
      desired: 10,
      ready: 10,
      template: STABLE,
    });
  });

  it('without the hold, the autoscaler would fight the split (what the hold prevents)', () => {
    const run = new FakeCanaryRun(image, {
      verdicts: ['pass', 'pass', 'pass'],
      autoscalerMin: 8,
    });
    // The same run with the autoscaler unknown to the canary.
    run.state = { ...run.state, autoscaler: undefined };
    for (let i = 0; i < 200; i++) run.tick();
    // 10 % leaves the stable 9 of 10 replicas, within minReplicas 8; 25 %
    // (stable 7 or 8) is never reached: the canary restores its split, the
    // autoscaler undoes it, tick after tick.
    expect(run.state).toMatchObject({ phase: 'scaling', stepIndex: 1 });
    expect(run.cluster.autoscaler!.fights).toBeGreaterThan(50);
  });

  it('holds it again after a crash between the hold and the save, recording it once', () => {
    const run = new FakeCanaryRun(image, {
      verdicts: ['pass', 'pass', 'pass'],
      autoscalerMin: 8,
    });
    const saved = run.state;
    run.tick({ repeat: true });
    run.state = saved;
    run.runUntilStill();
    expect(run.state.phase).toBe('succeeded');
    expect(run.kinds().filter(k => k === 'autoscalerHeld')).toHaveLength(1);
    expect(run.cluster.autoscaler).toMatchObject({ held: false, fights: 0 });
  });
});
