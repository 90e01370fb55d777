import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  CreateInstanceRequest,
  InstanceRequest,
  InstanceRequestDetails,
  InstanceWithBindings,
} from '@paasport/plugin-marketplace-common';
import { createHash, randomUUID } from 'node:crypto';
import { DatabaseMarketplaceStore } from '../../database/DatabaseMarketplaceStore';
import {
  LIVE_BINDING_STATES,
  RequestRow,
  toEvent,
  toInstanceBinding,
  toInstanceRequest,
} from '../../database/rows';
import { OfferingsService } from '../offerings/OfferingsService';
import { QuotaPolicy } from '../offerings/quotas';
import { ProviderRegistry } from '../processor/ProviderRegistry';
import { RequestPlacement } from '../tenancy/types';
import { newBindingRow } from './BindingService';
import { ClusterTargets } from './ClusterTargets';

/**
 * Creating, deciding and deprovisioning instance requests. Authorization is
 * the router's job; this service enforces the lifecycle rules.
 */
export class RequestService {
  constructor(
    private readonly store: DatabaseMarketplaceStore,
    private readonly offerings: OfferingsService,
    private readonly quotas: QuotaPolicy,
    private readonly providers: ProviderRegistry,
    private readonly clusters: ClusterTargets,
    private readonly onWork: () => void = () => {},
  ) {}

  /** Checks everything that does not need the catalog; throws InputError. */
  validate(body: CreateInstanceRequest) {
    const resolved = this.offerings.resolve(body.offeringId, body.planId);
    if (!this.providers.has(resolved.plan.provider)) {
      throw new ConflictError(
        `Plan ${body.offeringId}/${body.planId} is not available: no back end '${resolved.plan.provider}' is installed`,
      );
    }
    return {
      ...resolved,
      parameters: resolved.validate(body.parameters ?? {}),
    };
  }

  /**
   * The clusters a request asks for: the instance's (required when the
   * plan's back end runs on Kubernetes) and its binding's. Where on them
   * things go is the {@link TeamBoundary}'s to say.
   */
  clustersOf(body: CreateInstanceRequest): {
    cluster?: string;
    binding?: { cluster?: string };
  } {
    const { plan } = this.validate(body);
    const needsCluster = Boolean(
      this.providers.get(plan.provider)?.needsCluster,
    );
    const cluster = this.clusters.forInstance(body.cluster, needsCluster);
    return {
      ...(cluster && { cluster }),
      ...(body.binding && {
        binding: {
          cluster: this.clusters.forBinding(
            body.binding.cluster,
            cluster ?? null,
          ),
        },
      }),
    };
  }

  /**
   * Records a request (and the binding to make once it is ready, if asked
   * for), within the team's quota.
   *
   * @param placement - from the {@link TeamBoundary}: where everything
   *   goes, already checked against the team's verified namespaces.
   */
  async create(
    body: CreateInstanceRequest,
    placement: RequestPlacement,
    user: string,
    options: { idempotencyKey?: string } = {},
  ): Promise<{ request: InstanceRequest; created: boolean }> {
    const { plan, parameters } = this.validate(body);
    const idempotencyKey = options.idempotencyKey;
    const cluster = placement.cluster;
    const now = new Date();
    const approval = plan.requiresApproval;
    const row: RequestRow = {
      id: randomUUID(),
      name: body.name,
      offering_id: body.offeringId,
      plan_id: body.planId,
      provider: plan.provider,
      provider_options: JSON.stringify(plan.providerOptions),
      team_ref: placement.team,
      system_ref: placement.system,
      namespace: placement.namespace,
      cluster: cluster ?? null,
      component_ref: placement.component ?? null,
      parameters: JSON.stringify(parameters),
      size_gb: plan.sizeGb,
      state: approval ? 'awaiting_approval' : 'pending',
      orphan_cleanup: false,
      force_delete: false,
      operation: null,
      attempts: 0,
      last_error: null,
      next_attempt_at: approval ? null : now,
      step_started_at: now,
      lease_owner: null,
      lease_expires_at: null,
      created_by: user,
      acting_for: user,
      idempotency_key: idempotencyKey ?? null,
      request_hash: createHash('sha256')
        .update(
          JSON.stringify([
            body.offeringId,
            body.planId,
            body.name,
            placement.system,
            parameters,
            // Appended only when used, so hashes of plain requests stay as they were.
            ...(cluster || placement.component || placement.binding
              ? [
                  [
                    cluster,
                    placement.component,
                    bindingHashPart(body, placement),
                  ],
                ]
              : []),
          ]),
        )
        .digest('hex'),
      decided_by: null,
      decision_reason: null,
      created_at: now,
      updated_at: now,
    };
    const events = [
      {
        to: 'pending',
        message: `Requested ${body.offeringId}/${body.planId} '${body.name}'`,
      },
    ];
    if (approval)
      events.push({
        to: 'awaiting_approval',
        message: `Plan ${body.planId} requires approval`,
      });
    const binding =
      body.binding && placement.binding
        ? newBindingRow(row, body.binding.name, placement.binding, user, now)
        : undefined;
    const result = await this.store.createRequest(
      row,
      this.quotas.limitsFor(placement.team),
      events,
      binding,
    );
    if (result.created && !approval) this.onWork();
    return { request: toInstanceRequest(result.row), created: result.created };
  }

  async get(id: string): Promise<RequestRow> {
    const row = await this.store.getRequest(id);
    if (!row) throw new NotFoundError(`No request ${id}`);
    return row;
  }

  async details(id: string): Promise<InstanceRequestDetails> {
    const row = await this.get(id);
    const [events, bindings] = await Promise.all([
      this.store.listEvents(id),
      this.store.listBindings(id),
    ]);
    return {
      ...toInstanceRequest(row),
      history: events.map(toEvent),
      bindings: bindings.map(toInstanceBinding),
    };
  }

  /** A request's history after event `after`, oldest first. */
  async events(id: string, after?: number) {
    await this.get(id);
    return (await this.store.listEvents(id, after)).map(toEvent);
  }

  /**
   * Live instances of a System, or of a Component (requested for it or bound
   * to it), each with its live bindings.
   */
  async listForEntity(
    entity: { system: string } | { component: string },
  ): Promise<InstanceWithBindings[]> {
    const rows = await this.store.listForEntity(entity);
    const bindings = await this.store.listLiveBindingsOf(rows.map(r => r.id));
    return rows.map(row => ({
      ...toInstanceRequest(row),
      bindings: bindings
        .filter(b => b.request_id === row.id)
        .map(toInstanceBinding),
    }));
  }

  async list(filter: {
    createdBy?: string;
    teams?: string[];
    states?: string[];
  }) {
    return (await this.store.listRequests(filter)).map(toInstanceRequest);
  }

  /** Approves or rejects; only while awaiting approval, never one's own request. */
  async decide(id: string, user: string, approve: boolean, reason?: string) {
    const row = await this.get(id);
    if (row.created_by.toLowerCase() === user.toLowerCase()) {
      throw new NotAllowedError(
        'Requests are approved by someone other than the requester',
      );
    }
    const now = new Date();
    const updated = await this.store.transitionRequest(id, {
      fromStates: ['awaiting_approval'],
      patch: {
        state: approve ? 'pending' : 'rejected',
        decided_by: user,
        decision_reason: reason ?? null,
        next_attempt_at: approve ? now : null,
        step_started_at: now,
      },
      actor: user,
      message: `${approve ? 'Approved' : 'Rejected'}${
        reason ? `: ${reason}` : ''
      }`,
    });
    if (!updated)
      throw new ConflictError(
        `Request ${id} is ${row.state}, not awaiting approval`,
      );
    if (approve) this.onWork();
    return toInstanceRequest(updated);
  }

  /**
   * Starts deprovisioning. Refused while bindings hold credentials unless
   * forced, in which case every binding is revoked first.
   */
  async deprovision(
    id: string,
    user: string,
    force: boolean,
  ): Promise<InstanceRequest> {
    const row = await this.get(id);
    if (row.state === 'deprovisioning') return toInstanceRequest(row);
    if (row.state === 'deleted' || row.state === 'rejected') {
      throw new ConflictError(`Request ${id} is already ${row.state}`);
    }
    const bindings = await this.store.listBindings(id, true);
    if (bindings.length > 0 && !force) {
      throw new ConflictError(
        `The instance has ${bindings.length} binding(s); remove them first or deprovision with force=true`,
      );
    }
    // Nothing exists at the provider before approval: cancelling is enough.
    const cancel = row.state === 'awaiting_approval';
    const updated = await this.store.transitionRequest(id, {
      fromStates: [row.state],
      patch: {
        state: cancel ? 'deleted' : 'deprovisioning',
        // The processor deprovisions as the person who asked for it.
        acting_for: user,
        force_delete: force,
        operation: null,
        attempts: 0,
        next_attempt_at: cancel ? null : new Date(),
        step_started_at: new Date(),
      },
      actor: user,
      message: cancel
        ? 'Cancelled before approval'
        : `Deprovisioning requested${force ? ' (forced)' : ''}`,
    });
    if (!updated)
      throw new ConflictError(`Request ${id} changed meanwhile; try again`);
    for (const binding of bindings.filter(
      b => LIVE_BINDING_STATES.includes(b.state) && b.state !== 'unbinding',
    )) {
      await this.store.transitionBinding(binding.id, {
        patch: {
          state: 'unbinding',
          acting_for: user,
          next_attempt_at: new Date(),
          attempts: 0,
        },
        actor: user,
        message: 'Revoking before deprovisioning (forced)',
      });
    }
    this.onWork();
    return toInstanceRequest(updated);
  }

  async quotaUsage(team: string) {
    const limits = this.quotas.limitsFor(team);
    const used = await this.store.teamUsage(team);
    return {
      team,
      instances: { used: used.instances, limit: limits.instances },
      sizeGb: { used: used.sizeGb, limit: limits.totalSizeGb },
    };
  }
}

/** The binding as it was hashed before placements: name, component, cluster. */
function bindingHashPart(
  body: CreateInstanceRequest,
  placement: RequestPlacement,
) {
  if (!body.binding || !placement.binding) return undefined;
  return {
    ...body.binding,
    component: placement.binding.component,
  };
}
