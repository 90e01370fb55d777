import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { GiteaRepositoryHost } from './GiteaRepositoryHost';
import { GithubRepositoryHost } from './GithubRepositoryHost';
import { RepositoryHost, RepositoryProvider } from './RepositoryHost';

// One credentials provider per registry: it caches GitHub App tokens.
const githubCredentials = new WeakMap<
  ScmIntegrationRegistry,
  GithubCredentialsProvider
>();

/**
 * The repository a standard publish action's repoUrl (`host?owner=o&repo=r`)
 * names, on whichever configured integration serves that host.
 *
 * @public
 */
export function repositoryHostFor(
  integrations: ScmIntegrationRegistry,
  repoUrl: string,
): RepositoryHost {
  let parsed: ReturnType<typeof parseRepoUrl>;
  try {
    parsed = parseRepoUrl(repoUrl, integrations);
  } catch (error) {
    throw new InputError(
      `${(error as Error).message}. ${supportedHosts(integrations)}`,
    );
  }
  const { host, owner, repo } = parsed;
  if (!owner) {
    throw new InputError(`repoUrl '${repoUrl}' has no owner`);
  }
  return repositoryHost(integrations, { host, owner, repo });
}

/**
 * The repository on `host`, of the given provider when the ledger recorded
 * one, else of the integration that serves the host.
 *
 * @public
 */
export function repositoryHost(
  integrations: ScmIntegrationRegistry,
  where: {
    provider?: RepositoryProvider;
    host: string;
    owner: string;
    repo: string;
  },
): RepositoryHost {
  const { provider, host, owner, repo } = where;
  const gitea = provider !== 'github' && integrations.gitea.byHost(host);
  if (gitea) return new GiteaRepositoryHost(gitea.config, owner, repo);
  const github = provider !== 'gitea' && integrations.github.byHost(host);
  if (github) {
    let credentials = githubCredentials.get(integrations);
    if (!credentials) {
      credentials =
        DefaultGithubCredentialsProvider.fromIntegrations(integrations);
      githubCredentials.set(integrations, credentials);
    }
    return new GithubRepositoryHost(github.config, credentials, owner, repo);
  }
  throw new InputError(
    `No ${
      provider ?? 'Gitea or GitHub'
    } integration for ${host}. ${supportedHosts(integrations)}`,
  );
}

function supportedHosts(integrations: ScmIntegrationRegistry): string {
  const hosts = [
    ...integrations.gitea.list().map(i => `${i.config.host} (Gitea)`),
    ...integrations.github.list().map(i => `${i.config.host} (GitHub)`),
  ];
  return `Repositories can be created on ${hosts.join(', ') || 'no host'}`;
}
