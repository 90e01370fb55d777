import {
  createBindingSchema,
  marketplaceBindingCreatePermission,
  marketplaceBindingDeletePermission,
  marketplaceCredentialsRevealPermission,
} from '@paasport/plugin-marketplace-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  audited,
  parseInput,
  requirePermission,
  RouterOptions,
  userCredentials,
} from './context';

const requestParams = z.object({ id: z.string().uuid() });
const bindingParams = z.object({
  id: z.string().uuid(),
  bindingId: z.string().uuid(),
});

/** Bindings: create, remove, and the audited credential reveal. */
export function bindingsRoutes(options: RouterOptions) {
  const { requests, bindings, boundary } = options;
  const router = Router();

  router.post('/requests/:id/bindings', async (req, res) => {
    const credentials = await userCredentials(options, req);
    const { id } = parseInput(requestParams, req.params);
    const spec = parseInput(createBindingSchema, req.body);
    const { binding, created } = await audited(
      options,
      req,
      'marketplace-binding-create',
      {
        requestId: id,
        name: spec.name,
        component: spec.component ?? null,
        cluster: spec.cluster ?? null,
      },
      async () => {
        const request = await requests.get(id);
        await requirePermission(
          options,
          credentials,
          marketplaceBindingCreatePermission,
          request.system_ref,
        );
        const user = credentials.principal.userEntityRef;
        // The team's namespace as it is now: a remapped team binds there.
        const placement = await boundary.placeBinding(
          request,
          {
            cluster: bindings.clusterOf(request, spec.cluster),
            component: spec.component,
          },
          user,
          credentials,
        );
        return bindings.create(request, spec.name, placement, user);
      },
    );
    res.status(created ? 201 : 200).json(binding);
  });

  router.delete('/requests/:id/bindings/:bindingId', async (req, res) => {
    const credentials = await userCredentials(options, req);
    const { id, bindingId } = parseInput(bindingParams, req.params);
    const binding = await audited(
      options,
      req,
      'marketplace-binding-delete',
      { requestId: id, bindingId },
      async () => {
        const request = await requests.get(id);
        await requirePermission(
          options,
          credentials,
          marketplaceBindingDeletePermission,
          request.system_ref,
        );
        // The processor removes the Secret as this person.
        await boundary.assertMayManage(
          request,
          credentials.principal.userEntityRef,
        );
        return bindings.remove(
          request,
          bindingId,
          credentials.principal.userEntityRef,
        );
      },
    );
    res.status(202).json(binding);
  });

  router.post('/requests/:id/bindings/:bindingId/reveal', async (req, res) => {
    const credentials = await userCredentials(options, req);
    const { id, bindingId } = parseInput(bindingParams, req.params);
    // The audit records who looked, never what they saw.
    const revealed = await audited(
      options,
      req,
      'marketplace-credentials-reveal',
      { requestId: id, bindingId },
      async () => {
        const request = await requests.get(id);
        await requirePermission(
          options,
          credentials,
          marketplaceCredentialsRevealPermission,
          request.system_ref,
        );
        const user = credentials.principal.userEntityRef;
        // Read as this person: a provider on Kubernetes reads Secrets as them.
        await boundary.assertMayManage(request, user);
        return bindings.reveal(request, bindingId, user);
      },
      'high',
    );
    res.set('Cache-Control', 'no-store');
    res.json(revealed);
  });

  return router;
}
