import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Test tooling that always runs from the source tree, never from a production build.
// eslint-disable-next-line no-restricted-syntax
const devclusterBin = path.resolve(__dirname, '../bin/devcluster');

/**
 * The variables `devcluster env` prints: KUBECONFIG (admin contexts per cluster
 * and `<cluster>-portal` contexts with the portal's token),
 * PAASPORT_DEVCLUSTER_CONFIG (the Backstage config fragment), the kubectl path
 * and the cluster names.
 *
 * @public
 */
export function devclusterEnv(): Record<string, string> {
  const out = execFileSync('bash', [devclusterBin, 'env'], {
    encoding: 'utf8',
  });
  return Object.fromEntries(
    out
      .split('\n')
      .map(line => /^export (\w+)="?(.*?)"?$/.exec(line))
      .filter((m): m is RegExpExecArray => Boolean(m))
      .map(m => [m[1], m[2]]),
  );
}

/**
 * Starts the local clusters, or reuses them when they already run (a few
 * seconds). Used as a jest global setup by integration tests that need them.
 *
 * @public
 */
export function ensureDevclusterUp() {
  execFileSync('bash', [devclusterBin, 'up'], { stdio: 'inherit' });
}
