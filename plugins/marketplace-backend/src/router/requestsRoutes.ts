import { NotAllowedError } from '@backstage/errors';
import {
  createInstanceRequestSchema,
  decisionSchema,
  marketplaceBindingCreatePermission,
  marketplaceInstanceCreatePermission,
  marketplaceInstanceDeletePermission,
  marketplaceInstanceReadPermission,
  marketplaceRequestApprovePermission,
} from '@paasport/plugin-marketplace-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  audited,
  callerOf,
  parseInput,
  requirePermission,
  RouterOptions,
  UserCredentials,
  userCredentials,
} from './context';

const idParams = z.object({ id: z.string().uuid() });
const listQuery = z.object({
  scope: z.enum(['mine', 'team', 'all']).default('team'),
  state: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .optional(),
});
const deleteQuery = z.object({ force: z.enum(['true', 'false']).optional() });
// Printable ASCII, as the IETF idempotency-key draft suggests.
const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/)
  .optional();

/** Requests: create, list, read, approve/reject, deprovision. */
export function requestsRoutes(options: RouterOptions) {
  const { requests, boundary, approvers, permissions } = options;
  const router = Router();

  router.post('/requests', async (req, res) => {
    const credentials = await userCredentials(options, req);
    const user = credentials.principal.userEntityRef;
    const body = parseInput(createInstanceRequestSchema, req.body);
    const key = parseInput(idempotencyKey, req.header('idempotency-key'));
    const meta = {
      offeringId: body.offeringId,
      planId: body.planId,
      name: body.name,
      system: body.system ?? null,
      component: body.component ?? null,
      cluster: body.cluster ?? null,
      binding: body.binding?.name ?? null,
    };
    const { request, created } = await audited(
      options,
      req,
      'marketplace-request-create',
      meta,
      async () => {
        const clusters = requests.clustersOf(body);
        const app = await boundary.application(body, credentials);
        await requirePermission(
          options,
          credentials,
          marketplaceInstanceCreatePermission,
          app.system,
        );
        if (body.binding) {
          await requirePermission(
            options,
            credentials,
            marketplaceBindingCreatePermission,
            app.system,
          );
        }
        // The permission came from the token's claims; the team boundary
        // is checked from trusted data before anything is recorded.
        const placement = await boundary.placeRequest(app, user, credentials, {
          ...clusters,
          ...(body.binding && {
            binding: {
              ...clusters.binding,
              component: body.binding.component,
            },
          }),
        });
        return requests.create(body, placement, user, { idempotencyKey: key });
      },
    );
    res.status(created ? 201 : 200).json(request);
  });

  router.get('/requests', async (req, res) => {
    const credentials = await userCredentials(options, req);
    const query = parseInput(listQuery, req.query);
    const states = query.state?.split(',');
    if (query.scope === 'mine') {
      res.json(
        await requests.list({
          createdBy: credentials.principal.userEntityRef,
          states,
        }),
      );
    } else if (query.scope === 'team') {
      // Trusted membership, not the token's claims: a Group a user made up
      // in a location they registered shows nothing.
      const teams = await boundary.groupsOf(
        credentials.principal.userEntityRef,
      );
      res.json(await requests.list({ teams, states }));
    } else {
      // Everything, for approvers' queues: platform approvers only.
      await requirePermission(
        options,
        credentials,
        marketplaceRequestApprovePermission,
      );
      res.json(await requests.list({ states }));
    }
  });

  router.get('/requests/:id', async (req, res) => {
    const caller = await callerOf(options, req);
    const { id } = parseInput(idParams, req.params);
    const row = await requests.get(id);
    if (caller.via) {
      // A plugin following what it does for the person: their team's only.
      await boundary.assertMayManage(row, caller.userEntityRef);
    } else {
      await requirePermission(
        options,
        caller.credentials,
        marketplaceInstanceReadPermission,
        row.system_ref,
      );
    }
    res.json(await requests.details(id));
  });

  /** Platform approvers (permission) or the team's named approvers. */
  async function requireApprover(credentials: UserCredentials, team: string) {
    const [decision] = await permissions.authorize(
      [{ permission: marketplaceRequestApprovePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return;
    const named = await approvers.of(team, credentials);
    if (!named.includes(credentials.principal.userEntityRef.toLowerCase())) {
      throw new NotAllowedError(
        `Only platform approvers or approvers of ${team} may decide`,
      );
    }
  }

  for (const action of ['approve', 'reject'] as const) {
    router.post(`/requests/:id/${action}`, async (req, res) => {
      const credentials = await userCredentials(options, req);
      const { id } = parseInput(idParams, req.params);
      const { reason } = parseInput(decisionSchema, req.body ?? {});
      const request = await audited(
        options,
        req,
        `marketplace-request-${action}`,
        { requestId: id },
        async () => {
          const row = await requests.get(id);
          await requireApprover(credentials, row.team_ref);
          return requests.decide(
            id,
            credentials.principal.userEntityRef,
            action === 'approve',
            reason,
          );
        },
      );
      res.json(request);
    });
  }

  router.delete('/requests/:id', async (req, res) => {
    const caller = await callerOf(options, req);
    const { id } = parseInput(idParams, req.params);
    const force = parseInput(deleteQuery, req.query).force === 'true';
    const request = await audited(
      options,
      req,
      'marketplace-request-deprovision',
      {
        requestId: id,
        force,
        ...(caller.via && {
          actingFor: caller.userEntityRef,
          actingVia: caller.via,
        }),
      },
      async () => {
        const row = await requests.get(id);
        // A plugin acting for the person checked their permission when the
        // work was asked for (their sign-in is not here to check it again).
        if (!caller.via) {
          await requirePermission(
            options,
            caller.credentials,
            marketplaceInstanceDeletePermission,
            row.system_ref,
          );
        }
        // The processor deprovisions as this person, who must be of the
        // owning team by the trusted model either way.
        await boundary.assertMayManage(row, caller.userEntityRef);
        return requests.deprovision(id, caller.userEntityRef, force);
      },
    );
    res.status(202).json(request);
  });

  return router;
}
