import { ConfigReader } from '@backstage/config';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadClientNode } from '../clientNode';

const repoRoot = path.resolve(__dirname, '../../../..');

/**
 * The running devcluster as the portal sees it: the Backstage config fragment
 * `devcluster up` generated and the admin kubeconfig. Throws (so tests fail
 * loudly) when the clusters were never set up.
 */
export async function devcluster() {
  const env = Object.fromEntries(
    execFileSync(
      'bash',
      [path.join(repoRoot, 'packages/devcluster/bin/devcluster'), 'env'],
      { encoding: 'utf8' },
    )
      .split('\n')
      .map(line => /^export (\w+)="?(.*?)"?$/.exec(line))
      .filter((m): m is RegExpExecArray => Boolean(m))
      .map(m => [m[1], m[2]] as const),
  );
  const appConfig = env.PAASPORT_DEVCLUSTER_CONFIG;
  if (!appConfig || !fs.existsSync(appConfig)) {
    throw new Error(
      `No devcluster config at '${appConfig}': start the clusters with packages/devcluster/bin/devcluster up`,
    );
  }
  const k8s = await loadClientNode();
  const data = k8s.loadYaml(fs.readFileSync(appConfig, 'utf8')) as object;
  return {
    config: new ConfigReader(data as any),
    data: data as Record<string, any>,
    kubeconfigPath: env.KUBECONFIG,
  };
}
