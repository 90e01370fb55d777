import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CatalogApi } from '@backstage/plugin-catalog-react';
import { ComponentNameUse, findComponent } from './findComponent';

/** What the repository host says about a name; `hostName` as users say it. */
export type RepositoryNameUse =
  | { free: true; hostName: string }
  | { free: false; fullName: string; url: string; hostName: string }
  | { unknown: string };

/** Where a service name is already used, or why it cannot be one. */
export interface ServiceNameCheck {
  /** The backend's own sentence when the name breaks the naming rule. */
  invalid?: string;
  /** Set when a Component has the name. */
  takenBy?: ComponentNameUse;
  /** Undefined when only the catalog could be asked. */
  repository?: RepositoryNameUse;
}

/** The scaffolder module's answer (`GET /paasport/service-names/:name`). */
interface ServiceNameAvailability {
  name: string;
  catalog: { free: boolean; entityRef?: string; owner?: string };
  repository:
    | { free: boolean; provider?: string; url?: string }
    | { unknown: string };
}

const HOST_NAMES: Record<string, string> = { gitea: 'Gitea', github: 'GitHub' };

/** `owner/repo` of a repository's web URL. */
function fullNameOf(url: string): string {
  return new URL(url).pathname.replace(/^\/+|\/+$/g, '');
}

function repositoryUse(
  answer: ServiceNameAvailability['repository'],
): RepositoryNameUse {
  if ('unknown' in answer) return { unknown: answer.unknown };
  // An older backend does not say which host it asked.
  const hostName =
    (answer.provider && HOST_NAMES[answer.provider]) ?? 'the repository host';
  if (answer.free || !answer.url) return { free: true, hostName };
  return {
    free: false,
    url: answer.url,
    fullName: fullNameOf(answer.url),
    hostName,
  };
}

/**
 * Asks the Paasport scaffolder module whether `name` is free in the catalog
 * and in the repository host; undefined when the endpoint cannot answer
 * (not installed, an older backend, a network failure), so the caller can
 * fall back to the catalog alone.
 */
async function askScaffolder(
  discoveryApi: DiscoveryApi,
  fetchApi: FetchApi,
  name: string,
): Promise<ServiceNameCheck | undefined> {
  try {
    const base = await discoveryApi.getBaseUrl('scaffolder');
    const response = await fetchApi.fetch(
      `${base}/paasport/service-names/${encodeURIComponent(name)}`,
    );
    if (response.status === 400) {
      // The name breaks the rule: the backend says how, in its own words.
      const body = await response.json().catch(() => undefined);
      const message = body?.error?.message;
      return typeof message === 'string' ? { invalid: message } : undefined;
    }
    if (!response.ok) return undefined;
    const { catalog, repository } =
      (await response.json()) as ServiceNameAvailability;
    return {
      takenBy:
        !catalog.free && catalog.entityRef
          ? { ref: catalog.entityRef, owner: catalog.owner }
          : undefined,
      repository: repositoryUse(repository),
    };
  } catch {
    return undefined;
  }
}

/**
 * Where `name` is used: the catalog and the repository host through the
 * scaffolder module when it answers, else the catalog alone (as before the
 * module had the endpoint).
 */
export async function checkServiceName(
  apis: {
    catalogApi: CatalogApi;
    discoveryApi?: DiscoveryApi;
    fetchApi?: FetchApi;
  },
  name: string,
): Promise<ServiceNameCheck> {
  const { catalogApi, discoveryApi, fetchApi } = apis;
  if (discoveryApi && fetchApi) {
    const answer = await askScaffolder(discoveryApi, fetchApi, name);
    if (answer) return answer;
  }
  return { takenBy: await findComponent(catalogApi, name) };
}

/**
 * Why `name` cannot be used, in one sentence without the final period (the
 * backend's, as written, for a name that breaks the rule), or undefined when
 * it is valid and neither the catalog nor the repository host has it.
 */
export function takenMessage(
  name: string,
  check: ServiceNameCheck,
): string | undefined {
  if (check.invalid) return check.invalid.replace(/\.$/, '');
  const uses: string[] = [];
  if (check.takenBy) {
    const owner = check.takenBy.owner
      ? `, owned by ${check.takenBy.owner}`
      : '';
    uses.push(`${check.takenBy.ref} exists in the catalog${owner}`);
  }
  const repository = check.repository;
  if (repository && 'free' in repository && !repository.free) {
    uses.push(
      `repository ${repository.fullName} exists in ${repository.hostName}`,
    );
  }
  return uses.length ? `${name} is taken: ${uses.join('; ')}` : undefined;
}
