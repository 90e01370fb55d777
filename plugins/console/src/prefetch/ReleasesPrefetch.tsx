import { useApi } from '@backstage/core-plugin-api';
import { useEffect } from 'react';
import { consoleApiRef } from '../api';
import { PrefetchingConsoleClient } from './PrefetchingConsoleClient';

/** A component's Releases tab, as the catalog routes it. */
const RELEASES_PATH = /\/catalog\/([^/]+)\/component\/([^/]+)\/releases\/?$/i;

/**
 * Rendered once at the app's root (before sign-in finishes): when the page
 * opened is a component's Releases tab, starts loading its releases and the
 * tab's code at once, so neither waits for the catalog entity first. The
 * request itself waits for the sign-in, as every authenticated fetch does.
 *
 * @internal
 */
export function ReleasesPrefetch() {
  const api = useApi(consoleApiRef);
  useEffect(() => {
    const match = RELEASES_PATH.exec(window.location.pathname);
    if (!match || !(api instanceof PrefetchingConsoleClient)) return;
    const [, namespace, name] = match.map(decodeURIComponent);
    api.prefetchReleases({ kind: 'component', namespace, name });
    import('../components/ReleasesContent').catch(() => undefined);
    // Only the page the app was opened on: later navigation loads as usual.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}
