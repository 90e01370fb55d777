import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadClientNode } from '@paasport/kubernetes-node';

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

/**
 * The running clusters as the portal sees them: the Backstage config fragment
 * `devcluster up` generated (parsed) and the admin kubeconfig's path. Throws,
 * so that tests fail loudly, when the clusters were never set up.
 *
 * @public
 */
export function readDevclusterConfig(): {
  data: Record<string, any>;
  kubeconfigPath: string;
} {
  const env = devclusterEnv();
  const file = env.PAASPORT_DEVCLUSTER_CONFIG;
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      `No devcluster config at '${file}': start the clusters (packages/devcluster/bin/devcluster up)`,
    );
  }
  return {
    data: YAML.parse(fs.readFileSync(file, 'utf8')),
    kubeconfigPath: env.KUBECONFIG,
  };
}

/**
 * The clusters' kubeconfig with `context` current: `<cluster>` is the admin
 * (client certificate), `<cluster>-portal` the portal's token. For test set-up
 * and checks.
 *
 * @public
 */
export async function devclusterKubeConfig(
  context: string,
): Promise<KubeConfig> {
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(readDevclusterConfig().kubeconfigPath);
  kc.setCurrentContext(context);
  return kc;
}
