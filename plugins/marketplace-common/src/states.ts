import { BindingState, InstanceRequestState } from './types';

/**
 * How a state is shown: which status light. The frontends map each kind to a
 * Backstage `Status*` component.
 *
 * @public
 */
export type StateKind = 'ok' | 'pending' | 'running' | 'error' | 'aborted';

/**
 * Words and status light of a state.
 *
 * @public
 */
export interface StateDisplay {
  label: string;
  kind: StateKind;
}

const REQUEST_STATES: Record<InstanceRequestState, StateDisplay> = {
  pending: { label: 'Pending', kind: 'pending' },
  awaiting_approval: { label: 'Awaiting approval', kind: 'pending' },
  provisioning: { label: 'Provisioning', kind: 'running' },
  ready: { label: 'Ready', kind: 'ok' },
  failed: { label: 'Failed', kind: 'error' },
  rejected: { label: 'Rejected', kind: 'aborted' },
  deprovisioning: { label: 'Deprovisioning', kind: 'running' },
  deleted: { label: 'Deleted', kind: 'aborted' },
};

const BINDING_STATES: Record<BindingState, StateDisplay> = {
  pending: { label: 'Binding', kind: 'running' },
  ready: { label: 'Ready', kind: 'ok' },
  failed: { label: 'Failed', kind: 'error' },
  unbinding: { label: 'Unbinding', kind: 'running' },
  deleted: { label: 'Removed', kind: 'aborted' },
};

/**
 * Label and status light of an instance request state. A state this version
 * does not know yet (a newer backend) passes through rather than hiding the
 * instance.
 *
 * @public
 */
export function requestStateDisplay(state: string): StateDisplay {
  return (
    REQUEST_STATES[state as InstanceRequestState] ?? {
      label: state,
      kind: 'pending',
    }
  );
}

/**
 * Label and status light of a binding state; unknown states pass through.
 *
 * @public
 */
export function bindingStateDisplay(state: string): StateDisplay {
  return (
    BINDING_STATES[state as BindingState] ?? { label: state, kind: 'pending' }
  );
}
