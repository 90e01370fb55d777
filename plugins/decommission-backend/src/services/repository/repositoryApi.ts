import {
  DefaultGithubCredentialsProvider,
  getGiteaRequestOptions,
  GiteaIntegrationConfig,
  GithubCredentialsProvider,
  GithubIntegrationConfig,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { DecommissionTarget } from '@paasport/plugin-decommission-common';

/** @internal */
export type RepositoryTarget = Extract<
  DecommissionTarget,
  { type: 'repository' }
>;

/** What one call to a repository endpoint takes. */
export interface RepositoryRequest {
  method: 'GET' | 'PATCH';
  body?: string;
  timeoutMs?: number;
}

/**
 * A Git host's "one repository" endpoint, which is all the archiver needs:
 * GET tells whether it exists, its current name and whether it is archived;
 * PATCH `{"archived": true}` archives it. Gitea and GitHub agree on both.
 *
 * @internal
 */
export interface RepositoryApi {
  /** The host's product, for messages: `Gitea` or `GitHub`. */
  readonly product: 'Gitea' | 'GitHub';
  /** The path the host's web UI is served under (Gitea behind a prefix). */
  readonly basePath: string;
  /**
   * Calls the endpoint with the integration's account. A renamed or
   * transferred repository answers under its old name with a redirect,
   * which fetch follows (method and body kept).
   */
  request(target: RepositoryTarget, init: RepositoryRequest): Promise<Response>;
}

/**
 * The repository endpoints of the configured Gitea and GitHub integrations.
 *
 * @internal
 */
export class RepositoryApis {
  private readonly github: GithubCredentialsProvider;

  constructor(private readonly integrations: ScmIntegrationRegistry) {
    // One provider for the plugin's lifetime: it caches GitHub App tokens.
    this.github =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  }

  /** The API of the integration serving `host`; undefined when none does. */
  forHost(host: string): RepositoryApi | undefined {
    const gitea = this.integrations.gitea.byHost(host)?.config;
    if (gitea) return giteaApi(gitea);
    const github = this.integrations.github.byHost(host)?.config;
    if (github) return githubApi(github, this.github);
    return undefined;
  }
}

function giteaApi(gitea: GiteaIntegrationConfig): RepositoryApi {
  const baseUrl = (gitea.baseUrl ?? `https://${gitea.host}`).replace(
    /\/+$/,
    '',
  );
  return {
    product: 'Gitea',
    basePath: new URL(baseUrl).pathname.replace(/\/+$/, ''),
    request: (target, init) =>
      send(`${baseUrl}/api/v1${repoPath(target)}`, init, {
        ...getGiteaRequestOptions(gitea).headers,
        Accept: 'application/json',
      }),
  };
}

function githubApi(
  github: GithubIntegrationConfig,
  credentials: GithubCredentialsProvider,
): RepositoryApi {
  // The integration config sets (and trims) apiBaseUrl for github.com;
  // GitHub Enterprise serves its API under /api/v3 unless configured.
  const apiBaseUrl = github.apiBaseUrl ?? `https://${github.host}/api/v3`;
  return {
    product: 'GitHub',
    basePath: '',
    async request(target, init) {
      // The token of the GitHub App installed for the owner, else the
      // integration's token: the same account publish:github used.
      const { headers } = await credentials.getCredentials({
        url: `https://${github.host}/${target.owner}/${target.repo}`,
      });
      return send(`${apiBaseUrl}${repoPath(target)}`, init, {
        ...headers,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
      });
    },
  };
}

function repoPath(target: RepositoryTarget): string {
  return `/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(
    target.repo,
  )}`;
}

function send(
  url: string,
  init: RepositoryRequest,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(url, {
    method: init.method,
    body: init.body,
    headers: { ...headers, 'Content-Type': 'application/json' },
    signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
  });
}

/**
 * The `message` of a Gitea or GitHub error body, else the start of the text.
 *
 * @internal
 */
export async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed?.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}
