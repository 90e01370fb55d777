import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConsoleClient,
  ReleasesQuery,
  ReleasesResponse,
} from '@paasport/plugin-console-common';

/** A prefetched answer older than this is not handed out: it may be stale. */
const FRESH_MS = 10_000;

function keyOf(entity: CompoundEntityRef | string): string {
  const ref = typeof entity === 'string' ? entity : stringifyEntityRef(entity);
  return ref.toLocaleLowerCase('en-US');
}

/**
 * The console client with one shortcut for the first page a person opens:
 * the releases of the entity in the address bar are asked for as soon as
 * the app starts (see `ReleasesPrefetch`), in parallel with the sign-in
 * refresh, the catalog entity and the tab's code, instead of after all of
 * them. The Releases tab's first load then takes that answer.
 *
 * @internal
 */
export class PrefetchingConsoleClient extends ConsoleClient {
  private prefetched?: {
    key: string;
    at: number;
    answer: Promise<ReleasesResponse>;
  };

  /** Starts loading an entity's releases for the tab that will ask soon. */
  prefetchReleases(entity: CompoundEntityRef | string): void {
    const answer = super.getReleases(entity);
    // Nobody may be waiting yet: a failure must not go unhandled; the tab
    // then loads again and shows its own error.
    answer.catch(() => undefined);
    this.prefetched = { key: keyOf(entity), at: Date.now(), answer };
  }

  getReleases(
    entity: CompoundEntityRef | string,
    query: ReleasesQuery = {},
  ): Promise<ReleasesResponse> {
    const prefetched = this.prefetched;
    if (
      prefetched &&
      Object.keys(query).length === 0 &&
      prefetched.key === keyOf(entity) &&
      Date.now() - prefetched.at < FRESH_MS
    ) {
      // Once only: refreshes after the first load go to the backend.
      this.prefetched = undefined;
      return prefetched.answer.catch(() => super.getReleases(entity, query));
    }
    return super.getReleases(entity, query);
  }
}
