import { ConflictError } from '@backstage/errors';
import { CanarySpec } from './canarySpec';
import { CanaryInput, CanaryState, CanaryTransition } from './canaryState';
import {
  abortCanary,
  pauseCanary,
  resumeChanges,
  secondsLater,
  stepLabel,
  transition,
} from './canaryTransitions';

type VerdictInput = Extract<CanaryInput, { type: 'verdict' }>;
type PersonInput = Extract<
  CanaryInput,
  { type: 'promote' | 'pause' | 'resume' | 'abort' }
>;

/**
 * Takes a step's verdict: pass goes on, fail counts towards the failure
 * limit (and aborts at it), inconclusive waits for a person.
 *
 * @internal
 */
export function applyVerdict(
  spec: CanarySpec,
  state: CanaryState,
  input: VerdictInput,
): CanaryTransition {
  if (state.phase !== 'analysing') {
    throw new ConflictError(
      `no analysis is pending: the canary is ${state.phase} at ${stepLabel(
        spec,
        state.stepIndex,
      )}`,
    );
  }
  if (input.stepIndex !== state.stepIndex) {
    throw new ConflictError(
      `the verdict is for step ${
        input.stepIndex + 1
      }, but the canary is at ${stepLabel(spec, state.stepIndex)}`,
    );
  }
  const { now, outcome, verdictId } = input;
  const label = stepLabel(spec, state.stepIndex);
  const lastVerdict = { stepIndex: state.stepIndex, outcome, verdictId };
  const step = spec.steps[state.stepIndex];
  const judged = { ...state, lastVerdict };
  const recorded = (message: string) => ({
    kind: 'verdict' as const,
    message,
    verdictId,
  });

  if (outcome === 'pass') {
    const message = `${label} passed its analysis`;
    if (step.pause && 'untilResumed' in step.pause) {
      return pauseCanary(
        judged,
        now,
        {
          kind: 'gate',
          reason: `${message}; resume to go on to the next step`,
          resumeTo: 'nextStep',
        },
        { after: [recorded(message)] },
      );
    }
    return transition(
      judged,
      now,
      resumeChanges(spec, judged, 'nextStep', now),
      [recorded(message)],
    );
  }

  if (outcome === 'inconclusive') {
    const why = input.summary ?? 'the analysis could not decide';
    return pauseCanary(
      judged,
      now,
      {
        kind: 'inconclusive',
        reason: `inconclusive: ${why}; resume to go on to the next step, promote, or abort`,
        resumeTo: 'nextStep',
      },
      { after: [recorded(`${label} is inconclusive: ${why}`)] },
    );
  }

  const failures = state.failures + 1;
  const count = `${failures} of ${spec.failureLimit} failures allowed`;
  const failed = { ...judged, failures };
  const message = `${label} failed its analysis (${count})`;
  if (failures >= spec.failureLimit) {
    return abortCanary(failed, now, `${message}; aborting`, {
      after: [recorded(message)],
    });
  }
  // Judge again on a window of data that does not overlap this one.
  const until = secondsLater(now, spec.analysis.windowSeconds);
  return pauseCanary(
    failed,
    now,
    {
      kind: 'retry',
      reason: `${message}; analysing it again at ${until}`,
      until,
      resumeTo: 'analysing',
    },
    { after: [recorded(message)] },
  );
}

/**
 * Takes a person's promote, pause, resume or abort, or says why it cannot
 * be done now.
 *
 * @internal
 */
export function applyPersonAction(
  spec: CanarySpec,
  state: CanaryState,
  input: PersonInput,
): CanaryTransition {
  const { now, by } = input;
  if (!by) throw new TypeError('a person action needs the person who did it');
  const said = input.comment ? `: ${input.comment}` : '';
  const pause = state.pause;

  switch (input.type) {
    case 'promote': {
      if (state.phase === 'promoting')
        throw new ConflictError('the canary is already being promoted');
      if (state.phase === 'aborting')
        throw new ConflictError(
          'the canary is being aborted; it can no longer be promoted',
        );
      if (pause?.kind === 'stableChanged') {
        throw new ConflictError(
          'the stable Deployment changed outside the canary; promoting would overwrite that change. Resume to accept it as the baseline, or abort',
        );
      }
      const message = `promotion started by ${by}${said}`;
      return transition(
        state,
        now,
        { ...resumeChanges(spec, state, 'promoting', now), message },
        [{ kind: 'promotionStarted', message, by }],
      );
    }
    case 'pause': {
      if (state.phase === 'aborting') {
        throw new ConflictError(
          'an abort cannot be paused: it returns the stable Deployment to its replicas',
        );
      }
      if (pause && pause.until === undefined) {
        throw new ConflictError(
          `the canary is already paused: ${pause.reason}`,
        );
      }
      return pauseCanary(state, now, {
        kind: 'person',
        reason: `paused by ${by}${said}`,
        // A step starts over after a person's pause: the soak and the
        // analysis then cover only what ran while nobody held it.
        resumeTo:
          state.phase === 'promoting' || pause?.resumeTo === 'promoting'
            ? 'promoting'
            : 'scaling',
        by,
      });
    }
    case 'resume': {
      if (!pause)
        throw new ConflictError(
          `the canary is not paused: it is ${state.phase}`,
        );
      const accepted =
        pause.kind === 'stableChanged' ? pause.stableTemplate : undefined;
      if (accepted !== undefined && accepted === state.canaryTemplate) {
        throw new ConflictError(
          "the stable Deployment was given the canary's template outside the canary; abort it (the stable keeps that template)",
        );
      }
      const message = `resumed by ${by}${said}`;
      return transition(
        state,
        now,
        {
          ...resumeChanges(spec, state, pause.resumeTo, now),
          ...(accepted !== undefined && { stableTemplate: accepted }),
          message,
        },
        [{ kind: 'resumed', message, by }],
      );
    }
    default: {
      if (state.phase === 'aborting')
        throw new ConflictError('the canary is already being aborted');
      if (state.templatePromoted) {
        throw new ConflictError(
          'the stable Deployment already runs the new template, so the release is live; let the promotion finish and roll back to undo it',
        );
      }
      return abortCanary(state, now, `aborted by ${by}${said}`, { by });
    }
  }
}
