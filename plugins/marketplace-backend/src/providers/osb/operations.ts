import { OsbClient, OsbPlanIds } from './OsbClient';
import { OsbRequestError } from './errors';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Polls `last_operation` until the operation ends, waiting as long as the
 * broker's `Retry-After` asks (else `intervalMs`), up to `timeoutMs` — after
 * which the spec has the platform treat the operation as failed.
 *
 * @public
 */
export async function waitForLastOperation(
  client: OsbClient,
  instanceId: string,
  ids: OsbPlanIds & { operation?: string },
  options: { timeoutMs: number; intervalMs?: number },
): Promise<{ state: 'succeeded' | 'failed' | 'gone'; description?: string }> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let wait = options.intervalMs ?? 1000;
    try {
      const result = await client.lastOperation(instanceId, ids);
      if (result.state !== 'in progress') {
        return { state: result.state, description: result.description };
      }
      wait = result.retryAfterMs ?? wait;
    } catch (error) {
      // The spec has platforms keep polling through invalid answers.
      if (!(error instanceof OsbRequestError) || !error.transient) throw error;
    }
    if (Date.now() + wait > deadline) {
      return { state: 'failed', description: 'Polling timed out' };
    }
    await sleep(wait);
  }
}

/**
 * Orphan mitigation: deletes what a failed create call may have left, and
 * keeps trying (with backoff) through timeouts, 5xx and malformed answers.
 * Returns whether the broker confirmed the deletion; if not, the caller must
 * remember to try again later.
 *
 * @public
 */
export async function mitigateOrphan(
  client: OsbClient,
  target: { instanceId: string; bindingId?: string },
  ids: OsbPlanIds,
  options: { attempts?: number; initialDelayMs?: number } = {},
): Promise<boolean> {
  const attempts = options.attempts ?? 4;
  let delay = options.initialDelayMs ?? 250;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const result = target.bindingId
        ? await client.unbind(target.instanceId, target.bindingId, ids)
        : await client.deprovision(target.instanceId, ids);
      if (result.status !== 'accepted') {
        return true;
      }
      if (target.bindingId) {
        // A re-sent DELETE answers 202 until the unbind is done: just go round again.
        throw new OsbRequestError('concurrency', 'Unbinding in progress');
      }
      const done = await waitForLastOperation(
        client,
        target.instanceId,
        { ...ids, operation: result.operation },
        { timeoutMs: 30_000 },
      );
      if (done.state !== 'failed') return true;
    } catch (error) {
      if (!(error instanceof OsbRequestError) || !error.transient) {
        // 4xx: the broker refuses; repeating the same request cannot help.
        return false;
      }
    }
    if (attempt < attempts) {
      await sleep(delay);
      delay *= 2;
    }
  }
  return false;
}
