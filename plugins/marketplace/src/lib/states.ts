// Labels and status lights of the states live in
// @paasport/plugin-marketplace-common (requestStateDisplay,
// bindingStateDisplay), shared with the application page of the paasport plugin.

/** States nothing will change without a user acting. */
const SETTLED: string[] = ['ready', 'failed', 'rejected', 'deleted'];

/** Whether the backend is still working on a request (worth polling). */
export function isInFlight(state: string): boolean {
  return !SETTLED.includes(state) && state !== 'awaiting_approval';
}

/** Instances that still exist, or are on their way to existing. */
export function isLive(state: string): boolean {
  return state !== 'deleted' && state !== 'rejected';
}
