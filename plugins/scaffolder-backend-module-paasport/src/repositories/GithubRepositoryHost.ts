import {
  GithubCredentialsProvider,
  GithubIntegrationConfig,
} from '@backstage/integration';
import { hostError } from './hostError';
import { RepositoryHook, RepositoryHost } from './RepositoryHost';

const TIMEOUT_MS = 15_000;

interface GithubHook {
  id: number;
  config?: { url?: string };
}

/**
 * A repository on GitHub or GitHub Enterprise, created by `publish:github`
 * (in an organisation or under a user). Authenticated like `publish:github`:
 * the integration's token or GitHub App, through Backstage's credentials
 * provider.
 */
export class GithubRepositoryHost implements RepositoryHost {
  readonly provider = 'github';
  readonly host: string;
  readonly webUrl: string;
  private readonly apiBaseUrl: string;

  constructor(
    config: GithubIntegrationConfig,
    private readonly credentials: GithubCredentialsProvider,
    readonly owner: string,
    readonly repo: string,
  ) {
    this.host = config.host;
    // The integration config sets (and trims) apiBaseUrl for github.com;
    // GitHub Enterprise serves its API under /api/v3 unless configured.
    this.apiBaseUrl = config.apiBaseUrl ?? `https://${config.host}/api/v3`;
    this.webUrl = `https://${config.host}/${owner}/${repo}`;
  }

  contentsUrl(branch: string): string {
    return `${this.webUrl}/blob/${branch}/`;
  }

  async ownerExists(): Promise<boolean> {
    // Organisations are users too in this endpoint.
    const found = await this.request('GET', `/users/${enc(this.owner)}`, {
      allow404: true,
    });
    return found !== undefined;
  }

  async getRepository() {
    const found = await this.request<{ created_at: string }>(
      'GET',
      this.repoPath(),
      { allow404: true },
    );
    return found && { createdAt: found.created_at };
  }

  async deleteRepository(): Promise<'removed' | 'gone'> {
    const result = await this.request('DELETE', this.repoPath(), {
      allow404: true,
      noContent: true,
    });
    return result === undefined ? 'gone' : 'removed';
  }

  async ensureHook(hook: RepositoryHook) {
    const body = {
      name: 'web',
      active: true,
      events: hook.events,
      config: {
        url: hook.url,
        content_type: 'json',
        secret: hook.secret,
        insecure_ssl: '0',
      },
    };
    const hooks =
      (await this.request<GithubHook[]>(
        'GET',
        `${this.repoPath()}/hooks?per_page=100`,
      )) ?? [];
    const existing = hooks.find(h => h.config?.url === hook.url);
    if (existing) {
      const { name: _name, ...patch } = body;
      await this.request('PATCH', `${this.repoPath()}/hooks/${existing.id}`, {
        body: patch,
      });
      return { id: existing.id, created: false };
    }
    const created = await this.request<GithubHook>(
      'POST',
      `${this.repoPath()}/hooks`,
      { body },
    );
    return { id: created!.id, created: true };
  }

  async deleteHook(id: number): Promise<'removed' | 'gone'> {
    const result = await this.request(
      'DELETE',
      `${this.repoPath()}/hooks/${id}`,
      { allow404: true, noContent: true },
    );
    return result === undefined ? 'gone' : 'removed';
  }

  private repoPath() {
    return `/repos/${enc(this.owner)}/${enc(this.repo)}`;
  }

  private async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; allow404?: boolean; noContent?: boolean } = {},
  ): Promise<T | undefined> {
    const { headers } = await this.credentials.getCredentials({
      url: this.webUrl,
    });
    const response = await fetch(`${this.apiBaseUrl}${path}`, {
      method,
      headers: {
        ...headers,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        ...(options.body !== undefined && {
          'Content-Type': 'application/json',
        }),
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 404 && options.allow404) return undefined;
    if (!response.ok) throw await hostError('GitHub', method, response);
    if (options.noContent || response.status === 204) return {} as T;
    return (await response.json()) as T;
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
