import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  marketplaceInstanceReadPermission,
  marketplaceRequestApprovePermission,
} from '@paasport/plugin-marketplace-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  parseInput,
  requirePermission,
  RouterOptions,
  UserCredentials,
  userCredentials,
} from './context';

const entityQuery = z.object({ entity: z.string().min(1).max(255) });
const eventsParams = z.object({ id: z.string().uuid() });
const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
});

/**
 * Read-only views for the portal: clusters, the instances of a catalog
 * entity (the Middleware tab), the signed-in user's approval queue and a
 * request's history since a given event. None of them carry secrets.
 */
export function browseRoutes(options: RouterOptions) {
  const { requests, approvers, permissions, clusters } = options;
  const router = Router();

  router.get('/clusters', async (req, res) => {
    await userCredentials(options, req);
    res.json(clusters.list());
  });

  /** Keeps the items whose application the user may read. */
  async function readable<T extends { system: string }>(
    credentials: UserCredentials,
    items: T[],
  ): Promise<T[]> {
    const systems = [...new Set(items.map(i => i.system))];
    if (systems.length === 0) return [];
    const decisions = await permissions.authorize(
      systems.map(resourceRef => ({
        permission: marketplaceInstanceReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    const allowed = new Set(
      systems.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
    return items.filter(i => allowed.has(i.system));
  }

  router.get('/instances', async (req, res) => {
    const credentials = await userCredentials(options, req);
    const { entity } = parseInput(entityQuery, req.query);
    let ref;
    try {
      ref = parseEntityRef(entity);
    } catch {
      throw new InputError(`'${entity}' is not an entity reference`);
    }
    const kind = ref.kind.toLowerCase();
    if (kind !== 'system' && kind !== 'component') {
      throw new InputError('entity must be a System or a Component');
    }
    const normalized = stringifyEntityRef(ref);
    const instances = await requests.listForEntity(
      kind === 'system' ? { system: normalized } : { component: normalized },
    );
    res.json(await readable(credentials, instances));
  });

  router.get('/approvals', async (req, res) => {
    const credentials = await userCredentials(options, req);
    const user = credentials.principal.userEntityRef.toLowerCase();
    const waiting = (await requests.list({ states: ['awaiting_approval'] }))
      // Nobody approves their own request.
      .filter(r => r.createdBy.toLowerCase() !== user);
    const [platform] = await permissions.authorize(
      [{ permission: marketplaceRequestApprovePermission }],
      { credentials },
    );
    if (platform.result === AuthorizeResult.ALLOW) {
      res.json(waiting);
      return;
    }
    const named = await approvers.ofTeams(
      [...new Set(waiting.map(r => r.team))],
      credentials,
    );
    res.json(waiting.filter(r => named.get(r.team)?.includes(user)));
  });

  router.get('/requests/:id/events', async (req, res) => {
    const credentials = await userCredentials(options, req);
    const { id } = parseInput(eventsParams, req.params);
    const { after } = parseInput(eventsQuery, req.query);
    const row = await requests.get(id);
    await requirePermission(
      options,
      credentials,
      marketplaceInstanceReadPermission,
      row.system_ref,
    );
    res.json(await requests.events(id, after));
  });

  return router;
}
