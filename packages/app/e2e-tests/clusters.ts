import { execFileSync } from 'node:child_process';
import path from 'node:path';

/*
 * The demo clusters as their admin sees them: what the browser tests check
 * on the clusters themselves, past the portal.
 */

const devclusterBin = path.resolve(
  __dirname,
  '../../devcluster/bin/devcluster',
);

/** `devcluster <args>` output of `export X=...` lines, parsed. */
export function devclusterExports(...args: string[]): Record<string, string> {
  const out = execFileSync('bash', [devclusterBin, ...args], {
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

/** `devcluster env`, parsed: KUBECONFIG and the kubectl to use. */
export function devclusterEnv(): Record<string, string> {
  return devclusterExports('env');
}

/** `kubectl --context <cluster> <args>` as the cluster's admin. */
export function kubectl(cluster: string, args: string[]): string {
  const env = devclusterEnv();
  return execFileSync(
    env.PAASPORT_DEVCLUSTER_KUBECTL,
    ['--kubeconfig', env.KUBECONFIG, '--context', cluster, ...args],
    { encoding: 'utf8' },
  );
}

/** An object on a cluster, as JSON. */
export function kubectlJson(cluster: string, args: string[]): any {
  return JSON.parse(kubectl(cluster, [...args, '--output', 'json']));
}

/** The keys of a Secret on a cluster, or undefined when there is none. */
export function secretKeys(cluster: string, namespace: string, name: string) {
  const out = kubectl(cluster, [
    '--namespace',
    namespace,
    'get',
    'secret',
    name,
    '--ignore-not-found',
    '--output',
    'json',
  ]);
  if (!out.trim()) return undefined;
  // Key names only: the tests never read (or log) the credentials.
  return Object.keys(JSON.parse(out).data ?? {}).sort();
}
