import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import {
  bindingStateDisplay,
  requestStateDisplay,
} from '@paasport/plugin-marketplace-common';

const LIGHTS = {
  ok: StatusOK,
  pending: StatusPending,
  running: StatusRunning,
  error: StatusError,
  aborted: StatusAborted,
};

/** Props of {@link StateLabel}. */
export interface StateLabelProps {
  state: string;
  /** Which lifecycle the state belongs to. */
  of?: 'request' | 'binding';
}

/** A request's or binding's state as a status light and words. */
export function StateLabel({ state, of = 'request' }: StateLabelProps) {
  const display =
    of === 'binding' ? bindingStateDisplay(state) : requestStateDisplay(state);
  const Light = LIGHTS[display.kind];
  return <Light>{display.label}</Light>;
}
