/**
 * What an operator's status means for the marketplace's one lifecycle:
 * `pending` (still working, ask again), `ready`, or `failed` (will not
 * become ready without a change). The message says why, in the operator's
 * words where it gave any.
 */
export interface Readiness {
  state: 'pending' | 'ready' | 'failed';
  message: string;
}

export function pending(message: string): Readiness {
  return { state: 'pending', message };
}

export function ready(message: string): Readiness {
  return { state: 'ready', message };
}

export function failed(message: string): Readiness {
  return { state: 'failed', message };
}

/**
 * The readiness of several objects together: failed if any failed, pending if
 * any is pending, ready only when all are.
 */
export function combine(parts: Readiness[], readyMessage: string): Readiness {
  const failure = parts.find(p => p.state === 'failed');
  if (failure) return failure;
  const waiting = parts.filter(p => p.state === 'pending');
  if (waiting.length > 0) {
    return pending(waiting.map(p => p.message).join('; '));
  }
  return ready(readyMessage);
}
