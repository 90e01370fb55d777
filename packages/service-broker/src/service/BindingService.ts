import { findPlan } from '../catalog';
import { generatePassword, SecretBox } from '../crypto';
import {
  BindingCredentials,
  EngineKind,
  ServiceEngine,
} from '../engines/types';
import { OsbError } from '../errors';
import { Logger } from '../logger';
import {
  BindingRow,
  BrokerStore,
  InstanceRow,
  isUniqueViolation,
} from '../store/BrokerStore';
import { canonicalJson, naming } from './naming';
import { BindRequest, DeleteQuery, OsbResponse } from './types';

/**
 * Bindings are synchronous: creating a user takes milliseconds, and a 201
 * with credentials spares platforms a second round trip.
 *
 * @public
 */
export class BindingService {
  /** Bind/unbind calls in flight in this process, keyed by instance/binding. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: BrokerStore,
    private readonly engines: Record<EngineKind, ServiceEngine>,
    private readonly box: SecretBox,
    private readonly logger: Logger,
  ) {}

  async bind(
    instanceId: string,
    bindingId: string,
    request: BindRequest,
  ): Promise<OsbResponse> {
    const instance = await this.usableInstance(instanceId, request);
    const key = `${instanceId}/${bindingId}`;
    const requestJson = canonicalJson({
      parameters: request.parameters ?? {},
      bind_resource: request.bind_resource ?? {},
      app_guid: request.app_guid ?? null,
    });
    const existing = await this.store.getBinding(instanceId, bindingId);
    if (existing) {
      if (existing.request !== requestJson) {
        return { status: 409, body: {} };
      }
      if (existing.state === 'ready') {
        return this.credentialsResponse(200, existing.credentials);
      }
      if (this.inFlight.has(key)) {
        throw OsbError.concurrency('The binding is being created');
      }
      // Left half-made by a crash: finish it with the password stored back then.
      return this.createUser(instance, existing, 200);
    }
    const row: BindingRow = {
      instance_id: instanceId,
      binding_id: bindingId,
      service_id: request.service_id,
      plan_id: request.plan_id,
      request: requestJson,
      username: naming.user(instanceId, bindingId),
      // The password is stored before the user exists, so a retry reuses it.
      credentials: this.box.seal({ password: generatePassword() }),
      state: 'creating',
      created_at: new Date().toISOString(),
    };
    try {
      await this.store.insertBinding(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw OsbError.concurrency('The binding is being created');
      }
      throw error;
    }
    return this.createUser(instance, row, 201);
  }

  async unbind(
    instanceId: string,
    bindingId: string,
    query: DeleteQuery,
  ): Promise<OsbResponse> {
    const binding = await this.store.getBinding(instanceId, bindingId);
    if (!binding) {
      return { status: 410, body: {} };
    }
    if (
      binding.service_id !== query.service_id ||
      binding.plan_id !== query.plan_id
    ) {
      throw OsbError.badRequest('service_id or plan_id does not match');
    }
    const key = `${instanceId}/${bindingId}`;
    if (this.inFlight.has(key)) {
      throw OsbError.concurrency('The binding is being changed');
    }
    this.inFlight.add(key);
    try {
      await this.engineOf(binding.service_id, binding.plan_id).unbind(
        binding.username,
      );
      await this.store.deleteBinding(instanceId, bindingId);
    } finally {
      this.inFlight.delete(key);
    }
    this.logger.info(`Unbound ${bindingId} from instance ${instanceId}`);
    return { status: 200, body: {} };
  }

  async fetch(instanceId: string, bindingId: string): Promise<OsbResponse> {
    const binding = await this.store.getBinding(instanceId, bindingId);
    if (!binding || binding.state !== 'ready') {
      throw OsbError.notFound('No such service binding');
    }
    return this.credentialsResponse(200, binding.credentials);
  }

  private async usableInstance(
    instanceId: string,
    request: BindRequest,
  ): Promise<InstanceRow> {
    const instance = await this.store.getInstance(instanceId);
    if (!instance || instance.state === 'deleted') {
      throw OsbError.notFound('No such service instance');
    }
    if (
      instance.service_id !== request.service_id ||
      instance.plan_id !== request.plan_id
    ) {
      throw OsbError.badRequest('service_id or plan_id does not match');
    }
    if (instance.state === 'failed') {
      throw OsbError.badRequest('The service instance is not usable');
    }
    if (instance.state !== 'ready') {
      throw OsbError.concurrency(`The service instance is ${instance.state}`);
    }
    return instance;
  }

  private async createUser(
    instance: InstanceRow,
    row: BindingRow,
    status: number,
  ): Promise<OsbResponse> {
    const key = `${row.instance_id}/${row.binding_id}`;
    this.inFlight.add(key);
    try {
      const { password } = this.box.open<{ password: string }>(row.credentials);
      const found = findPlan(instance.service_id, instance.plan_id)!;
      const credentials = await this.engines[found.service.engine].bind(
        instance.resource_name,
        row.username,
        password,
        found.plan.limits,
      );
      const sealed = this.box.seal(credentials);
      await this.store.markBindingReady(
        row.instance_id,
        row.binding_id,
        sealed,
      );
      this.logger.info(
        `Bound ${row.binding_id} to instance ${row.instance_id} as ${row.username}`,
      );
      return this.credentialsResponse(status, sealed);
    } finally {
      this.inFlight.delete(key);
    }
  }

  private credentialsResponse(status: number, sealed: string): OsbResponse {
    const credentials = this.box.open<BindingCredentials>(sealed);
    return { status, body: { credentials } };
  }

  private engineOf(serviceId: string, planId: string): ServiceEngine {
    const found = findPlan(serviceId, planId);
    if (!found) {
      throw OsbError.badRequest('Unknown service_id or plan_id');
    }
    return this.engines[found.service.engine];
  }
}
