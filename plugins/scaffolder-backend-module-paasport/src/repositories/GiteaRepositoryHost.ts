import { GiteaIntegrationConfig } from '@backstage/integration';
import { GiteaClient } from './GiteaClient';
import { RepositoryHook, RepositoryHost } from './RepositoryHost';

/**
 * A repository on Gitea, created by `publish:gitea` (always in an
 * organisation).
 */
export class GiteaRepositoryHost implements RepositoryHost {
  readonly provider = 'gitea';
  readonly host: string;
  readonly webUrl: string;
  private readonly client: GiteaClient;

  constructor(
    config: GiteaIntegrationConfig,
    readonly owner: string,
    readonly repo: string,
  ) {
    this.host = config.host;
    this.client = new GiteaClient(config);
    // The integration's URL: Gitea's own html_url follows its ROOT_URL,
    // which need not be reachable from the portal.
    const base = (config.baseUrl ?? `https://${config.host}`).replace(
      /\/+$/,
      '',
    );
    this.webUrl = `${base}/${owner}/${repo}`;
  }

  contentsUrl(branch: string): string {
    return `${this.webUrl}/src/branch/${branch}/`;
  }

  ownerExists(): Promise<boolean> {
    return this.client.organizationExists(this.owner);
  }

  async getRepository() {
    const found = await this.client.getRepository(this.owner, this.repo);
    return found && { createdAt: found.created_at };
  }

  deleteRepository() {
    return this.client.deleteRepository(this.owner, this.repo);
  }

  async ensureHook(hook: RepositoryHook) {
    const ensured = await this.client.ensureHook(this.owner, this.repo, hook);
    return { id: ensured.hook.id, created: ensured.created };
  }

  deleteHook(id: number) {
    return this.client.deleteHook(this.owner, this.repo, id);
  }
}
