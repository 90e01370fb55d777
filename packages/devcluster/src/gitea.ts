import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

// Test tooling that always runs from the source tree.
// eslint-disable-next-line no-restricted-syntax
const devclusterBin = path.resolve(__dirname, '../bin/devcluster');

/**
 * The local Gitea and what it takes to use it.
 *
 * @public
 */
export interface LocalGitea {
  url: string;
  org: string;
  /** The admin user the integration and the token belong to. */
  user: string;
  /** The admin's API token: for setting up and checking, never logged. */
  token: string;
  /**
   * The app-config fragment `devcluster gitea up` writes: integrations.gitea
   * and the templates' repository defaults (scaffolder.defaultEnvironment).
   */
  config: {
    integrations: { gitea: object[] };
    scaffolder?: Record<string, any>;
  };
  /**
   * Gitea as the portal's OpenID Connect issuer: what Backstage's `oidc`
   * sign-in provider is configured with (`AUTH_OIDC_*` of `gitea env`).
   */
  oidc: { metadataUrl: string; clientId: string; clientSecret: string };
  /**
   * The demo people of catalog/org.yaml who can sign in through Gitea, by
   * user name: their passwords (never logged).
   */
  passwords: Record<string, string>;
}

/**
 * Starts the local Gitea, or reuses it when it runs (`devcluster gitea up`,
 * which builds it the first time). Throws, so that integration tests fail
 * loudly, when it cannot be had.
 *
 * @public
 */
export function localGitea(): LocalGitea {
  execFileSync('bash', [devclusterBin, 'gitea', 'up'], { stdio: 'inherit' });
  const env = Object.fromEntries(
    execFileSync('bash', [devclusterBin, 'gitea', 'env'], { encoding: 'utf8' })
      .split('\n')
      .map(line => /^export (\w+)="?(.*?)"?$/.exec(line))
      .filter((m): m is RegExpExecArray => Boolean(m))
      .map(m => [m[1], m[2]] as const),
  );
  for (const name of [
    'PAASPORT_GITEA_URL',
    'PAASPORT_GITEA_ORG',
    'PAASPORT_GITEA_USER',
    'PAASPORT_GITEA_TOKEN_FILE',
    'PAASPORT_GITEA_CONFIG',
    'PAASPORT_GITEA_USERS_DIR',
    'AUTH_OIDC_METADATA_URL',
    'AUTH_OIDC_CLIENT_ID',
    'AUTH_OIDC_CLIENT_SECRET',
  ]) {
    if (!env[name]) throw new Error(`devcluster gitea env printed no ${name}`);
  }
  const config = YAML.parse(fs.readFileSync(env.PAASPORT_GITEA_CONFIG, 'utf8'));
  if (!config?.integrations?.gitea?.length) {
    throw new Error(
      `${env.PAASPORT_GITEA_CONFIG} has no integrations.gitea entry`,
    );
  }
  return {
    url: env.PAASPORT_GITEA_URL,
    org: env.PAASPORT_GITEA_ORG,
    user: env.PAASPORT_GITEA_USER,
    token: fs.readFileSync(env.PAASPORT_GITEA_TOKEN_FILE, 'utf8').trim(),
    config,
    oidc: {
      metadataUrl: env.AUTH_OIDC_METADATA_URL,
      clientId: env.AUTH_OIDC_CLIENT_ID,
      clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
    },
    passwords: Object.fromEntries(
      fs
        .readdirSync(env.PAASPORT_GITEA_USERS_DIR)
        .filter(file => file.endsWith('.password'))
        .map(file => [
          file.slice(0, -'.password'.length),
          fs
            .readFileSync(path.join(env.PAASPORT_GITEA_USERS_DIR, file), 'utf8')
            .trim(),
        ]),
    ),
  };
}

/**
 * Gitea's REST API as its admin; the body is parsed when there is one.
 *
 * @public
 */
export async function giteaApi(
  gitea: Pick<LocalGitea, 'url' | 'token'>,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gitea.url}/api/v1${apiPath}`, {
    method,
    headers: {
      Authorization: `token ${gitea.token}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Throws unless Gitea answered one of `statuses`: for set-up and clean-up,
 * where `expect` does not belong and a failure must still be loud.
 *
 * @public
 */
export function answered(
  result: { status: number; body: any },
  statuses: number[],
  what: string,
) {
  if (!statuses.includes(result.status)) {
    throw new Error(
      `Gitea: ${what}: HTTP ${result.status} ${JSON.stringify(result.body)}`,
    );
  }
  return result;
}
