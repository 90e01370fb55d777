import {
  getGiteaRequestOptions,
  GiteaIntegrationConfig,
} from '@backstage/integration';
import { hostError } from './hostError';

/**
 * The part of a Gitea repository Paasport reads.
 *
 * @public
 */
export interface GiteaRepository {
  id: number;
  name: string;
  full_name: string;
  html_url: string;
  created_at: string;
  empty: boolean;
}

/**
 * A repository webhook.
 *
 * @public
 */
export interface GiteaHook {
  id: number;
  type: string;
  active: boolean;
  events: string[];
  config: { url: string; content_type: string };
}

const TIMEOUT_MS = 15_000;

/**
 * The few Gitea REST calls the scaffolder actions need, authenticated like
 * `publish:gitea` (the integration's user and password or token).
 *
 * @public
 */
export class GiteaClient {
  readonly host: string;
  private readonly baseUrl: string;

  constructor(private readonly integration: GiteaIntegrationConfig) {
    this.host = integration.host;
    this.baseUrl = (integration.baseUrl ?? `https://${integration.host}`)
      .replace(/\/+$/, '')
      .concat('/api/v1');
  }

  /** The repository, or undefined when Gitea answers 404. */
  async getRepository(
    owner: string,
    repo: string,
  ): Promise<GiteaRepository | undefined> {
    return this.request<GiteaRepository>(
      'GET',
      `/repos/${enc(owner)}/${enc(repo)}`,
      undefined,
      { allow404: true },
    );
  }

  /** Whether the organisation exists (publish:gitea only creates in one). */
  async organizationExists(owner: string): Promise<boolean> {
    const org = await this.request('GET', `/orgs/${enc(owner)}`, undefined, {
      allow404: true,
    });
    return org !== undefined;
  }

  /** Deletes a repository; `gone` if it did not exist. */
  async deleteRepository(
    owner: string,
    repo: string,
  ): Promise<'removed' | 'gone'> {
    const result = await this.request(
      'DELETE',
      `/repos/${enc(owner)}/${enc(repo)}`,
      undefined,
      { allow404: true, noContent: true },
    );
    return result === undefined ? 'gone' : 'removed';
  }

  async listHooks(owner: string, repo: string): Promise<GiteaHook[]> {
    return (
      (await this.request<GiteaHook[]>(
        'GET',
        `/repos/${enc(owner)}/${enc(repo)}/hooks?limit=50`,
      )) ?? []
    );
  }

  /**
   * Creates a push webhook, or updates the one with the same URL so that a
   * retried step does not leave two hooks that both trigger builds.
   */
  async ensureHook(
    owner: string,
    repo: string,
    hook: { url: string; secret: string; events: string[] },
  ): Promise<{ hook: GiteaHook; created: boolean }> {
    const body = {
      type: 'gitea',
      active: true,
      events: hook.events,
      config: { url: hook.url, content_type: 'json', secret: hook.secret },
    };
    const existing = (await this.listHooks(owner, repo)).find(
      h => h.config?.url === hook.url,
    );
    const base = `/repos/${enc(owner)}/${enc(repo)}/hooks`;
    if (existing) {
      const { type: _type, ...patch } = body;
      const updated = await this.request<GiteaHook>(
        'PATCH',
        `${base}/${existing.id}`,
        patch,
      );
      return { hook: updated!, created: false };
    }
    const created = await this.request<GiteaHook>('POST', base, body);
    return { hook: created!, created: true };
  }

  async deleteHook(
    owner: string,
    repo: string,
    id: number,
  ): Promise<'removed' | 'gone'> {
    const result = await this.request(
      'DELETE',
      `/repos/${enc(owner)}/${enc(repo)}/hooks/${id}`,
      undefined,
      { allow404: true, noContent: true },
    );
    return result === undefined ? 'gone' : 'removed';
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    options: { allow404?: boolean; noContent?: boolean } = {},
  ): Promise<T | undefined> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...getGiteaRequestOptions(this.integration).headers,
        Accept: 'application/json',
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 404 && options.allow404) {
      return undefined;
    }
    if (!response.ok) {
      throw await hostError('Gitea', method, response);
    }
    if (options.noContent || response.status === 204) {
      return {} as T;
    }
    return (await response.json()) as T;
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
