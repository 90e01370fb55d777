import { AuthService } from '@backstage/backend-plugin-api';
import { parseLocationRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Whether the catalog has a location with this ref, asked through its API
 * as this module (the catalog's location table is the catalog's own).
 *
 * @public
 */
export async function catalogLocationExists(
  deps: { catalog: CatalogService; auth: AuthService },
  locationRef: string,
): Promise<boolean> {
  const { type, target } = parseLocationRef(locationRef);
  const { items } = await deps.catalog.queryLocations(
    // The catalog compares case-insensitively; the ref is exact.
    { query: { type, target }, limit: 100 },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  return items.some(l => l.type === type && l.target === target);
}
