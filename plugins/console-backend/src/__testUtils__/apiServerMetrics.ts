import https from 'node:https';
import { devclusterKubeConfig } from '@paasport/devcluster';

/**
 * How many pod log requests the API server of a devcluster counts as open
 * (`apiserver_longrunning_requests` of pods/log), read from its `/metrics`
 * with the admin kubeconfig.
 *
 * @remarks
 * Our requests are GETs, but the API server labels a streamed pods/log
 * request `verb="CONNECT"` (v1.36), so the verb is not filtered on.
 */
export async function apiServerLogStreams(context: string): Promise<number> {
  const kc = await devclusterKubeConfig(context);
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const text = await new Promise<string>((resolve, reject) => {
    https
      .get(`${kc.getCurrentCluster()!.server}/metrics`, options, res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          body += chunk;
        });
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(body)
            : reject(new Error(`/metrics answered ${res.statusCode}`)),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
  return text
    .split('\n')
    .filter(
      line =>
        line.startsWith('apiserver_longrunning_requests{') &&
        line.includes('resource="pods"') &&
        line.includes('subresource="log"'),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
