/**
 * The repository hosts Paasport's actions work with: each has a standard
 * Backstage publish action (`publish:gitea`, `publish:github`) that creates
 * the repository, and Paasport needs a few more calls around it.
 *
 * @public
 */
export type RepositoryProvider = 'gitea' | 'github';

/**
 * A webhook as Paasport manages it.
 *
 * @public
 */
export interface RepositoryHook {
  url: string;
  secret: string;
  events: string[];
}

/**
 * One repository on its host (it may not exist yet), with what the actions
 * and undo need: existence, its owner's existence, the webhook Tekton
 * Triggers listens to, and removal.
 *
 * @public
 */
export interface RepositoryHost {
  readonly provider: RepositoryProvider;
  readonly host: string;
  readonly owner: string;
  readonly repo: string;
  /** The repository's web page (no trailing slash). */
  readonly webUrl: string;
  /** Where `catalog:register` reads the repository's files on `branch`. */
  contentsUrl(branch: string): string;
  /** Whether the organisation (or user) to create the repository in exists. */
  ownerExists(): Promise<boolean>;
  /** The repository's creation time, or undefined when it does not exist. */
  getRepository(): Promise<{ createdAt: string } | undefined>;
  deleteRepository(): Promise<'removed' | 'gone'>;
  /**
   * Creates the webhook, or updates the one with the same URL so that a
   * retried step does not leave two hooks that both trigger builds.
   */
  ensureHook(hook: RepositoryHook): Promise<{ id: number; created: boolean }>;
  deleteHook(id: number): Promise<'removed' | 'gone'>;
}

/** A provider's name as users read it. */
export function providerTitle(provider: RepositoryProvider): string {
  return provider === 'github' ? 'GitHub' : 'Gitea';
}
