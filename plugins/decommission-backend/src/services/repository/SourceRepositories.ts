import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { DecommissionScope } from '../scope/DecommissionScope';
import {
  errorMessage,
  RepositoryApis,
  RepositoryTarget,
} from './repositoryApi';
import {
  SOURCE_LOCATION,
  SourceRepository,
  sourceRepository,
} from './sourceRepository';

/**
 * The source repositories of the entities in scope: archived (read-only,
 * history kept) on a Gitea or GitHub host that has an integration; reported
 * as left alone otherwise.
 *
 * @internal
 */
export class SourceRepositories {
  private readonly apis: RepositoryApis;

  constructor(
    private readonly options: {
      integrations: ScmIntegrationRegistry;
      catalog: CatalogService;
      timeoutMs?: number;
    },
  ) {
    this.apis = new RepositoryApis(options.integrations);
  }

  async plan(
    scope: DecommissionScope,
    credentials: BackstageCredentials,
  ): Promise<DecommissionItem[]> {
    const repos = new Map<string, { repo: SourceRepository; refs: string[] }>();
    for (const entity of scope.entities) {
      const repo = this.parse(entity);
      if (!repo) continue;
      const entry = repos.get(identity(repo.repoUrl)) ?? { repo, refs: [] };
      entry.refs.push(stringifyEntityRef(entity));
      repos.set(identity(repo.repoUrl), entry);
    }
    if (repos.size === 0) {
      return [
        {
          key: 'repository:none',
          step: 'repository',
          action: 'none',
          title: 'Source repository',
          note: `No entity in scope has a url: ${SOURCE_LOCATION}; no repository to archive`,
          target: { type: 'none' },
        },
      ];
    }
    const sharers = await this.sharers(scope, credentials);
    const items: DecommissionItem[] = [];
    for (const { repo, refs } of repos.values()) {
      items.push(await this.item(repo, refs, sharers));
    }
    return items.sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Archives a repository; archiving an archived one changes nothing. */
  async archive(target: RepositoryTarget): Promise<string> {
    const api = this.apis.forHost(target.host);
    if (!api) {
      throw new Error(
        `No Gitea or GitHub integration for ${target.host} any more`,
      );
    }
    const response = await api.request(target, {
      method: 'PATCH',
      body: JSON.stringify({ archived: true }),
      timeoutMs: this.options.timeoutMs,
    });
    if (response.status === 404) return 'not found (nothing to archive)';
    if (!response.ok) {
      throw new Error(
        `${api.product} refused to archive ${target.owner}/${
          target.repo
        }: HTTP ${response.status} ${await errorMessage(response)}`,
      );
    }
    const body = (await response.json()) as { archived?: boolean };
    if (body.archived !== true) {
      throw new Error(
        `${api.product} answered but ${target.owner}/${target.repo} is not archived`,
      );
    }
    return 'archived';
  }

  private parse(entity: Entity): SourceRepository | undefined {
    return sourceRepository(
      entity,
      host => this.apis.forHost(host)?.basePath ?? '',
    );
  }

  /** Entities outside the scope whose source is in the same repository. */
  private async sharers(
    scope: DecommissionScope,
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>> {
    const inScope = new Set(scope.entities.map(e => stringifyEntityRef(e)));
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${SOURCE_LOCATION}`]: CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const byRepo = new Map<string, string[]>();
    for (const entity of items) {
      const ref = stringifyEntityRef(entity);
      if (inScope.has(ref) || entity.kind.toLowerCase() === 'location') {
        continue;
      }
      const repo = this.parse(entity);
      if (!repo) continue;
      const key = identity(repo.repoUrl);
      byRepo.set(key, [...(byRepo.get(key) ?? []), ref]);
    }
    return byRepo;
  }

  private async item(
    repo: SourceRepository,
    refs: string[],
    sharersByRepo: Map<string, string[]>,
  ): Promise<DecommissionItem> {
    const base = {
      key: `repository:${repo.repoUrl}`,
      step: 'repository' as const,
      title: `Repository ${repo.repoUrl}`,
      entityRef: refs[0],
      target: {
        type: 'repository' as const,
        url: repo.url,
        host: repo.host,
        owner: repo.owner,
        repo: repo.repo,
      },
    };
    const kept = (sharers: string[] | undefined) =>
      sharers?.length
        ? {
            ...base,
            action: 'none' as const,
            note: `Kept: also the source of ${sharers.join(', ')}`,
          }
        : undefined;
    const keptAsWritten = kept(sharersByRepo.get(identity(repo.repoUrl)));
    if (keptAsWritten) return keptAsWritten;
    const api = this.apis.forHost(repo.host);
    if (!api) {
      return {
        ...base,
        action: 'none',
        note: `Not archived: no Gitea or GitHub integration is configured for ${repo.host}`,
      };
    }
    let response: Response;
    try {
      response = await api.request(base.target, {
        method: 'GET',
        timeoutMs: this.options.timeoutMs,
      });
    } catch (error) {
      return {
        ...base,
        action: 'none',
        note: `Not archived: ${repo.host} is unreachable (${
          error instanceof Error ? error.message : String(error)
        })`,
      };
    }
    if (response.status === 404) {
      return {
        ...base,
        action: 'none',
        note: `Not found on ${repo.host}: nothing to archive`,
      };
    }
    if (!response.ok) {
      return {
        ...base,
        action: 'none',
        note: `Not archived: ${api.product} answered HTTP ${
          response.status
        } ${await errorMessage(response)}`,
      };
    }
    const body = (await response.json()) as {
      archived?: boolean;
      full_name?: string;
    };
    // Gitea and GitHub answer for a renamed or transferred repository under
    // its old name (a redirect): other entities may name the new one, and
    // the archive request goes straight to it.
    const [owner, name] = body.full_name?.split('/') ?? [];
    const moved =
      owner &&
      name &&
      identity(`${owner}/${name}`) !== identity(`${repo.owner}/${repo.repo}`)
        ? { owner, repo: name }
        : undefined;
    if (moved) {
      const prefix = repo.repoUrl.slice(
        0,
        repo.repoUrl.length - `/${repo.owner}/${repo.repo}`.length,
      );
      const keptAsMoved = kept(
        sharersByRepo.get(identity(`${prefix}/${owner}/${name}`)),
      );
      if (keptAsMoved) return keptAsMoved;
    }
    const current = moved
      ? {
          target: { ...base.target, ...moved },
          note: `Now ${owner}/${name} on ${repo.host}`,
        }
      : {};
    if (body.archived) {
      return { ...base, action: 'none', note: 'Already archived' };
    }
    return { ...base, ...current, action: 'archive' };
  }
}

/**
 * What makes two repository URLs the same repository: Gitea and GitHub look
 * owners and repositories up case-insensitively, so
 * `Storefront/Shop` and `storefront/shop` are one repository.
 */
function identity(repoUrl: string): string {
  return repoUrl.toLowerCase();
}
