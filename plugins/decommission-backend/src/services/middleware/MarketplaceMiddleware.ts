import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DecommissionItem,
  DecommissionTarget,
} from '@paasport/plugin-decommission-common';
import {
  InstanceRequest,
  MarketplaceClient,
} from '@paasport/plugin-marketplace-common';
import { DecommissionScope } from '../scope/DecommissionScope';

type MiddlewareTarget = Extract<DecommissionTarget, { type: 'middleware' }>;

/**
 * Whom the marketplace acts for: the person's own sign-in, or, where it is
 * not at hand (a run another replica started), this plugin acting for the
 * person the run recorded; the marketplace holds them to their team either
 * way.
 *
 * @internal
 */
export type MarketplaceCaller = BackstageCredentials | { actingFor: string };

/** The marketplace's header naming the person a plugin acts for. */
const ACTING_FOR_HEADER = 'x-paasport-acting-for';

/** States in which an instance is gone or never existed. */
const FINISHED = new Set(['deleted', 'rejected']);

/**
 * The application's middleware instances, through the marketplace backend's
 * own API, acting for the user: its permissions and audit apply.
 *
 * @internal
 */
export class MarketplaceMiddleware {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      /** How long to wait for a deprovisioning to finish. */
      waitMs: number;
      pollMs?: number;
    },
  ) {}

  /**
   * A System's instances become `deprovision` items. A Component's are
   * listed and kept: instances belong to the application, not one service.
   * Without a marketplace the items say so instead.
   */
  async plan(
    scope: DecommissionScope,
    credentials: BackstageCredentials,
  ): Promise<DecommissionItem[]> {
    const systemRef = scope.kind === 'System' ? scope.rootRef : systemOf(scope);
    if (!systemRef) return [];
    let instances: InstanceRequest[];
    try {
      instances = await this.listInstances(credentials);
    } catch (error) {
      return [
        {
          key: 'middleware:unavailable',
          step: 'middleware',
          action: 'none',
          title: 'Middleware instances',
          entityRef: systemRef,
          note: `Not checked and not removed: ${unavailable(error)}`,
          target: { type: 'none' },
        },
      ];
    }
    return instances
      .filter(i => i.system.toLowerCase() === systemRef.toLowerCase())
      .filter(i => !FINISHED.has(i.state))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(instance => ({
        key: `middleware:${instance.id}`,
        step: 'middleware' as const,
        action:
          scope.kind === 'System'
            ? ('deprovision' as const)
            : ('none' as const),
        title: `${instance.offeringId} instance ${instance.name} (${instance.planId}, ${instance.state})`,
        entityRef: systemRef,
        ...(scope.kind === 'Component' && {
          note: `Kept: it belongs to the application ${systemRef}, not to this service`,
        }),
        target: {
          type: 'middleware' as const,
          requestId: instance.id,
          offeringId: instance.offeringId,
          planId: instance.planId,
          name: instance.name,
          state: instance.state,
        },
      }));
  }

  /**
   * Deprovisions one instance, revoking its bindings (the application that
   * used them is going), and waits a while for the marketplace to finish.
   * Idempotent: an instance that is gone or going counts as removed.
   */
  async remove(
    target: MiddlewareTarget,
    caller: MarketplaceCaller,
  ): Promise<string> {
    const client = this.client(caller);
    let state: string;
    try {
      state = (await client.deprovision(target.requestId, { force: true }))
        .state;
    } catch (error) {
      if (!(error instanceof ResponseError && error.statusCode === 409)) {
        throw error;
      }
      // Already finished, or changed meanwhile: look at where it is.
      state = (await client.getRequest(target.requestId)).state;
      if (state === 'deleted' || state === 'rejected') return 'already gone';
      if (state !== 'deprovisioning') throw error;
    }
    const deadline = Date.now() + this.options.waitMs;
    while (state === 'deprovisioning' && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, this.options.pollMs ?? 1000));
      const current = await client.getRequest(target.requestId);
      state = current.state;
      if (state === 'failed') {
        throw new Error(
          `The marketplace could not deprovision ${target.name}: ${
            current.lastError ?? 'failed'
          }`,
        );
      }
    }
    return state === 'deleted'
      ? 'deprovisioned'
      : 'deprovisioning (the marketplace finishes it)';
  }

  /** Platform approvers see every instance; everyone else their teams'. */
  private async listInstances(
    credentials: BackstageCredentials,
  ): Promise<InstanceRequest[]> {
    const client = this.client(credentials);
    try {
      return await client.listRequests({ scope: 'all' });
    } catch (error) {
      if (error instanceof ResponseError && error.statusCode === 403) {
        return client.listRequests({ scope: 'team' });
      }
      throw error;
    }
  }

  private client(caller: MarketplaceCaller) {
    const { auth, discovery } = this.options;
    const actingFor = 'actingFor' in caller ? caller.actingFor : undefined;
    return new MarketplaceClient({
      discoveryApi: discovery,
      fetchApi: {
        fetch: async (input, init) => {
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: actingFor
              ? await auth.getOwnServiceCredentials()
              : (caller as BackstageCredentials),
            targetPluginId: 'marketplace',
          });
          const headers = new Headers(init?.headers);
          headers.set('Authorization', `Bearer ${token}`);
          if (actingFor) headers.set(ACTING_FOR_HEADER, actingFor);
          return fetch(input, { ...init, headers });
        },
      },
    });
  }
}

function systemOf(scope: DecommissionScope): string | undefined {
  const relation = scope.root.relations?.find(r => r.type === 'partOf');
  return relation?.targetRef.startsWith('system:')
    ? relation.targetRef
    : undefined;
}

function unavailable(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.statusCode === 404
      ? 'the marketplace backend is not installed'
      : `the marketplace answered ${error.statusCode}: ${error.body.error.message}`;
  }
  return `the marketplace is unreachable (${
    error instanceof Error ? error.message : String(error)
  })`;
}
