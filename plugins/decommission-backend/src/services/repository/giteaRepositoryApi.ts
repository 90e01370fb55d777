import {
  getGiteaRequestOptions,
  GiteaIntegrationConfig,
} from '@backstage/integration';
import { DecommissionTarget } from '@paasport/plugin-decommission-common';

/** @internal */
export type RepositoryTarget = Extract<
  DecommissionTarget,
  { type: 'repository' }
>;

/**
 * Calls Gitea's `/api/v1/repos/{owner}/{repo}` with the integration's
 * account. A renamed or transferred repository answers under its old name
 * with a redirect, which fetch follows (method and body kept).
 *
 * @internal
 */
export function requestRepository(
  gitea: GiteaIntegrationConfig,
  target: RepositoryTarget,
  init: { method: 'GET' | 'PATCH'; body?: string; timeoutMs?: number },
): Promise<Response> {
  const baseUrl = (gitea.baseUrl ?? `https://${gitea.host}`).replace(
    /\/+$/,
    '',
  );
  const url = `${baseUrl}/api/v1/repos/${encodeURIComponent(
    target.owner,
  )}/${encodeURIComponent(target.repo)}`;
  return fetch(url, {
    method: init.method,
    body: init.body,
    headers: {
      ...getGiteaRequestOptions(gitea).headers,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
  });
}

/**
 * The `message` of a Gitea error body, else the start of the text.
 *
 * @internal
 */
export async function giteaMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed?.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}
