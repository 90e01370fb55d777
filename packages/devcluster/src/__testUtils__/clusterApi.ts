import https from 'node:https';
import { devclusterKubeConfig } from '../testing';

/** What the API server answered: status and the parsed body. */
export type Answer = { status: number; body: any };

/** Impersonation headers to send; no groups means no Impersonate-Group. */
export type As = { user: string; groups?: string[] };

/**
 * Raw calls to a devcluster's API server with the portal's token (or
 * another), through Node's https and the cluster CA: no client library in
 * between, so a test sees exactly what the API server decides, and
 * discovery is never sent impersonated (kubectl --as would).
 */
export interface ClusterApi {
  portalToken: string;
  call(
    method: string,
    path: string,
    options?: { body?: unknown; as?: As; token?: string },
  ): Promise<Answer>;
}

/** {@link ClusterApi} for one devcluster cluster. */
export async function clusterApi(cluster: string): Promise<ClusterApi> {
  const portal = await devclusterKubeConfig(`${cluster}-portal`);
  const server = new URL(portal.getCurrentCluster()!.server);
  const ca = Buffer.from(portal.getCurrentCluster()!.caData!, 'base64');
  const portalToken = portal.getCurrentUser()!.token!;

  const call: ClusterApi['call'] = (method, path, options = {}) => {
    const headers: Record<string, string | string[]> = {
      Authorization: `Bearer ${options.token ?? portalToken}`,
      Accept: 'application/json',
    };
    if (options.body !== undefined) {
      headers['Content-Type'] =
        method === 'PATCH'
          ? 'application/merge-patch+json'
          : 'application/json';
    }
    if (options.as) {
      headers['Impersonate-User'] = options.as.user;
      if (options.as.groups?.length) {
        headers['Impersonate-Group'] = options.as.groups; // one line each
      }
    }
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(path, server),
        { method, headers, ca, timeout: 15_000 },
        res => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (text += chunk));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            try {
              resolve({ status, body: text ? JSON.parse(text) : undefined });
            } catch {
              // Not the API server's JSON (a proxied answer, say): say what.
              reject(
                new Error(
                  `${method} ${path}: ${status} with a body that is not JSON: ${text.slice(
                    0,
                    300,
                  )}`,
                ),
              );
            }
          });
        },
      );
      req.on('error', reject);
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path} timed out`)),
      );
      req.end(
        options.body === undefined ? undefined : JSON.stringify(options.body),
      );
    });
  };
  return { portalToken, call };
}
