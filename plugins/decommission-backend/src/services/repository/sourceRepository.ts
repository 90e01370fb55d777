import { Entity } from '@backstage/catalog-model';

/** The annotation saying where an entity's source lives. */
export const SOURCE_LOCATION = 'backstage.io/source-location';

/**
 * A repository named by `backstage.io/source-location`.
 *
 * @internal
 */
export interface SourceRepository {
  /** The annotation value without its `url:` prefix. */
  url: string;
  host: string;
  /** The repository's web URL: `<origin>/<owner>/<repo>`. */
  repoUrl: string;
  /** Path segments after the host (or after a configured base path). */
  owner: string;
  repo: string;
}

/**
 * Parses an entity's source location. Only `url:` locations name a
 * repository; `basePath` is the path a Git host is served under, if any.
 *
 * @internal
 */
export function sourceRepository(
  entity: Entity,
  basePathOf: (host: string) => string = () => '',
): SourceRepository | undefined {
  const value = entity.metadata.annotations?.[SOURCE_LOCATION]?.trim();
  if (!value?.startsWith('url:')) return undefined;
  const url = value.slice('url:'.length);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const base = basePathOf(parsed.host).replace(/\/+$/, '');
  if (base && !parsed.pathname.startsWith(`${base}/`)) return undefined;
  const [owner, rawRepo] = parsed.pathname
    .slice(base.length)
    .split('/')
    .filter(Boolean);
  const repo = rawRepo?.replace(/\.git$/, '');
  if (!owner || !repo) return undefined;
  return {
    url,
    host: parsed.host,
    repoUrl: `${parsed.origin}${base}/${owner}/${repo}`,
    owner,
    repo,
  };
}
