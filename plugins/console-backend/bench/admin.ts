import https from 'node:https';
import { loadClientNode } from '@paasport/kubernetes-node';
import { devcluster } from '../src/__testUtils__/devcluster';

/**
 * Admin clients for one bench cluster (a client certificate in
 * `system:masters`): seeding, timing checks and reading the apiserver's
 * /metrics. The admin identity is APF-exempt, so none of this is counted as
 * the portal's requests.
 */
export async function benchAdmin(cluster: string) {
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile((await devcluster()).kubeconfigPath);
  kc.setCurrentContext(cluster);
  return {
    cluster,
    k8s,
    kc,
    apps: kc.makeApiClient(k8s.AppsV1Api),
    core: kc.makeApiClient(k8s.CoreV1Api),
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),

    /** GET a non-resource path (e.g. /metrics) as text. */
    async getText(path: string): Promise<string> {
      const url = new URL(path, kc.getCurrentCluster()!.server);
      const options: https.RequestOptions = {
        method: 'GET',
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
      };
      await kc.applyToHTTPSOptions(options);
      return new Promise((resolve, reject) => {
        const req = https.request(options, res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (body += chunk));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(body)
              : reject(new Error(`${cluster} ${path}: ${res.statusCode}`)),
          );
        });
        req.on('error', reject);
        req.end();
      });
    },
  };
}

/** @see benchAdmin */
export type BenchAdmin = Awaited<ReturnType<typeof benchAdmin>>;
