import {
  ConflictError,
  NotFoundError,
  NotImplementedError,
} from '@backstage/errors';
import {
  InstanceBinding,
  RevealedCredentials,
} from '@paasport/plugin-marketplace-common';
import { randomUUID } from 'node:crypto';
import { DatabaseMarketplaceStore } from '../../database/DatabaseMarketplaceStore';
import { BindingRow, RequestRow, toInstanceBinding } from '../../database/rows';
import { bindingRef, revealable } from '../processor/BindingSteps';
import { ProviderRegistry } from '../processor/ProviderRegistry';
import { BindingPlacement } from '../tenancy/types';
import { ClusterTargets } from './ClusterTargets';

/**
 * A new binding row in `pending`, its Secret where the {@link TeamBoundary}
 * placed it: the team's verified namespace on the binding's cluster.
 */
export function newBindingRow(
  request: { id: string; name: string },
  name: string,
  placement: BindingPlacement,
  user: string,
  now = new Date(),
): BindingRow {
  return {
    id: randomUUID(),
    request_id: request.id,
    name,
    namespace: placement.namespace,
    cluster: placement.cluster ?? null,
    component_ref: placement.component ?? null,
    // Secret names are DNS subdomains: instance and binding names are DNS labels.
    secret_name: `${request.name}-${name}`.slice(0, 253),
    state: 'pending',
    orphan_cleanup: false,
    attempts: 0,
    last_error: null,
    delivered_at: null,
    next_attempt_at: now,
    lease_owner: null,
    lease_expires_at: null,
    created_by: user,
    acting_for: user,
    created_at: now,
    updated_at: now,
  };
}

/** Creating, removing and revealing bindings of ready instances. */
export class BindingService {
  constructor(
    private readonly store: DatabaseMarketplaceStore,
    private readonly providers: ProviderRegistry,
    private readonly clusters: ClusterTargets,
    private readonly onWork: () => void = () => {},
  ) {}

  /**
   * The cluster a new binding's Secret goes to: the one asked for, else the
   * instance's, else the only one (see {@link ClusterTargets.forBinding}).
   */
  clusterOf(request: RequestRow, cluster?: string): string | undefined {
    return this.clusters.forBinding(cluster, request.cluster);
  }

  /** Requests a binding; the same name again returns the existing one. */
  async create(
    request: RequestRow,
    name: string,
    placement: BindingPlacement,
    user: string,
  ): Promise<{ binding: InstanceBinding; created: boolean }> {
    if (request.state !== 'ready') {
      throw new ConflictError(
        `Only ready instances can be bound; this one is ${request.state}`,
      );
    }
    const row = newBindingRow(request, name, placement, user);
    const result = await this.store.createBinding(row);
    if (result.created) this.onWork();
    return { binding: toInstanceBinding(result.row), created: result.created };
  }

  async get(request: RequestRow, bindingId: string): Promise<BindingRow> {
    const binding = await this.store.getBinding(request.id, bindingId);
    if (!binding) throw new NotFoundError(`No binding ${bindingId}`);
    return binding;
  }

  /** Starts revoking a binding. */
  async remove(
    request: RequestRow,
    bindingId: string,
    user: string,
  ): Promise<InstanceBinding> {
    const binding = await this.get(request, bindingId);
    if (binding.state === 'unbinding' || binding.state === 'deleted') {
      return toInstanceBinding(binding);
    }
    const updated = await this.store.transitionBinding(binding.id, {
      fromStates: [binding.state],
      // The processor removes the Secret as the person who asked for it.
      patch: {
        state: 'unbinding',
        acting_for: user,
        attempts: 0,
        next_attempt_at: new Date(),
      },
      actor: user,
      message: 'Unbinding requested',
    });
    if (!updated)
      throw new ConflictError(
        `Binding ${bindingId} changed meanwhile; try again`,
      );
    this.onWork();
    return toInstanceBinding(updated);
  }

  /**
   * Reads the credentials from the provider as `user` (a provider on
   * Kubernetes reads its Secrets as them); they are never stored here.
   */
  async reveal(
    request: RequestRow,
    bindingId: string,
    user: string,
  ): Promise<RevealedCredentials> {
    const binding = await this.get(request, bindingId);
    if (binding.state !== 'ready') {
      throw new ConflictError(
        `Binding ${bindingId} is ${binding.state}, not ready`,
      );
    }
    const provider = this.providers.get(request.provider);
    if (!provider?.fetchCredentials) {
      throw new NotImplementedError(
        `Provider ${request.provider} cannot reveal credentials`,
      );
    }
    const credentials = await provider.fetchCredentials(
      bindingRef({ ...binding, acting_for: user }, request),
    );
    // The same keys as in the Secret, so what people see is what apps read.
    return { bindingId, credentials: revealable(credentials) };
  }
}
