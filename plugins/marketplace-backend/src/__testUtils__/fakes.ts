import {
  CredentialDelivery,
  CredentialDeliveryRequest,
  CredentialSecretTarget,
  MiddlewareProvider,
  ProviderBindingRef,
  ProviderBindResult,
  ProviderError,
  ProviderInstanceRef,
  ProviderResult,
  ProvisionInput,
} from '@paasport/plugin-marketplace-node';

type Script = Array<ProviderResult | ProviderError>;

/**
 * An in-memory back end for state-machine tests: it keeps real instance and
 * binding state and can be scripted to fail, so the processor's reactions to
 * each provider answer can be checked one by one.
 */
export class ScriptedProvider implements MiddlewareProvider {
  readonly instances = new Map<string, 'creating' | 'ready'>();
  readonly bindings = new Map<string, Record<string, string>>();
  readonly calls: string[] = [];
  /** `<method>@<actingFor>` of every call: whom the processor acted for. */
  readonly actors: string[] = [];
  /** Answers to hand out before behaving normally, per method. */
  readonly script: Record<string, Script> = {};
  /** Provision calls that should stay in progress this many polls. */
  pollsUntilReady = 1;
  private readonly polls = new Map<string, number>();

  constructor(readonly id = 'fake:test') {}

  private scripted(method: string): ProviderResult | undefined {
    const next = this.script[method]?.shift();
    if (next instanceof ProviderError) throw next;
    return next;
  }

  async provision(input: ProvisionInput): Promise<ProviderResult> {
    this.calls.push(`provision:${input.instanceId}`);
    this.actors.push(`provision@${input.actingFor}`);
    const scripted = this.scripted('provision');
    if (scripted) return scripted;
    this.instances.set(input.instanceId, 'creating');
    this.polls.set(input.instanceId, 0);
    return {
      phase: 'in_progress',
      operation: `op-${input.instanceId}`,
      retryAfterMs: 1,
    };
  }

  async getStatus(
    ref: ProviderInstanceRef,
    action: 'provision' | 'deprovision',
  ): Promise<ProviderResult> {
    this.calls.push(`status:${action}:${ref.instanceId}`);
    this.actors.push(`status:${action}@${ref.actingFor}`);
    const scripted = this.scripted('getStatus');
    if (scripted) return scripted;
    if (action === 'deprovision')
      return {
        phase: this.instances.has(ref.instanceId) ? 'in_progress' : 'gone',
      };
    const polls = (this.polls.get(ref.instanceId) ?? 0) + 1;
    this.polls.set(ref.instanceId, polls);
    if (polls < this.pollsUntilReady)
      return {
        phase: 'in_progress',
        operation: ref.operation,
        retryAfterMs: 1,
      };
    this.instances.set(ref.instanceId, 'ready');
    return { phase: 'ready' };
  }

  async deprovision(ref: ProviderInstanceRef): Promise<ProviderResult> {
    this.calls.push(`deprovision:${ref.instanceId}`);
    this.actors.push(`deprovision@${ref.actingFor}`);
    const scripted = this.scripted('deprovision');
    if (scripted) return scripted;
    this.instances.delete(ref.instanceId);
    return { phase: 'gone' };
  }

  async verifyGone(ref: ProviderInstanceRef): Promise<boolean> {
    return !this.instances.has(ref.instanceId);
  }

  async bind(binding: ProviderBindingRef): Promise<ProviderBindResult> {
    this.calls.push(`bind:${binding.bindingId}`);
    this.actors.push(`bind@${binding.instance.actingFor}`);
    const scripted = this.scripted('bind');
    if (scripted) return scripted;
    const credentials = this.bindings.get(binding.bindingId) ?? {
      username: `u-${binding.bindingId.slice(0, 8)}`,
      password: `pw-${binding.bindingId}`,
    };
    this.bindings.set(binding.bindingId, credentials);
    return { phase: 'ready', credentials };
  }

  async unbind(binding: ProviderBindingRef): Promise<ProviderResult> {
    this.calls.push(`unbind:${binding.bindingId}`);
    this.actors.push(`unbind@${binding.instance.actingFor}`);
    const scripted = this.scripted('unbind');
    if (scripted) return scripted;
    this.bindings.delete(binding.bindingId);
    return { phase: 'gone' };
  }

  async fetchCredentials(binding: ProviderBindingRef) {
    this.actors.push(`reveal@${binding.instance.actingFor}`);
    const credentials = this.bindings.get(binding.bindingId);
    if (!credentials)
      throw new ProviderError('no such binding', { retryable: false });
    return credentials;
  }
}

/**
 * Keeps delivered Secrets in memory, keyed `<cluster>/<namespace>/<name>`
 * (cluster `-` when none), as the Kubernetes delivery would in a cluster.
 */
export class MemoryDelivery implements CredentialDelivery {
  readonly secrets = new Map<string, Record<string, string | number>>();
  readonly requests: CredentialDeliveryRequest[] = [];
  /** `deliver|remove@<actingFor>` of every call. */
  readonly actors: string[] = [];
  failNext = 0;

  static key(target: CredentialSecretTarget) {
    return `${target.cluster ?? '-'}/${target.namespace}/${target.secretName}`;
  }

  async deliver(request: CredentialDeliveryRequest) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('API server unavailable');
    }
    this.requests.push(request);
    this.actors.push(`deliver@${request.actingFor}`);
    this.secrets.set(MemoryDelivery.key(request), request.credentials);
  }

  async remove(target: CredentialSecretTarget) {
    this.actors.push(`remove@${target.actingFor}`);
    this.secrets.delete(MemoryDelivery.key(target));
  }
}
