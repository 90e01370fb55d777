import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { DatabaseDecommissionStore } from '../database/DecommissionStore';
import { DecommissionRunner } from '../services/run/DecommissionRunner';

/**
 * Claims a run as a worker would and carries it out with `runner`, for
 * tests of the steps; throws when the run could not be claimed.
 */
export async function runAsWorker(
  store: DatabaseDecommissionStore,
  runner: DecommissionRunner,
  runId: string,
  options: {
    owner?: string;
    signIn?: BackstageCredentials<BackstageUserPrincipal>;
  } = {},
) {
  const owner = options.owner ?? 'test-worker';
  const claimed = await store.claim(owner, {
    leaseMs: 60_000,
    limit: 100,
    exclude: [],
  });
  if (!claimed.some(c => c.id === runId)) {
    throw new Error(`Worker ${owner} could not claim run ${runId}`);
  }
  return runner.run(runId, {
    owner,
    signal: new AbortController().signal,
    signIn: () => options.signIn,
  });
}
