import { v4 as uuid } from 'uuid';
import { findPlan } from '../catalog';
import { OsbError } from '../errors';
import {
  BrokerStore,
  InstanceRow,
  isUniqueViolation,
  OperationRow,
} from '../store/BrokerStore';
import { canonicalJson, naming } from './naming';
import { OperationRunner } from './OperationRunner';
import { parameterSchemas } from './parameters';
import { DeleteQuery, OsbResponse, ProvisionRequest } from './types';

/** How long platforms should wait between `last_operation` polls, seconds. */
const RETRY_AFTER_SECONDS = '1';

function newOperation(
  instanceId: string,
  type: OperationRow['type'],
): OperationRow {
  const now = new Date().toISOString();
  return {
    id: uuid(),
    instance_id: instanceId,
    type,
    state: 'in progress',
    description:
      type === 'provision' ? 'Provisioning started' : 'Deprovisioning started',
    created_at: now,
    updated_at: now,
  };
}

/**
 * Provisioning, deprovisioning and polling of service instances, with the
 * idempotency rules of OSB 2.17: a repeated PUT answers 202 while in
 * progress, 200 once done, and 409 if its attributes differ.
 *
 * @public
 */
export class InstanceService {
  constructor(
    private readonly store: BrokerStore,
    private readonly runner: OperationRunner,
  ) {}

  async provision(
    instanceId: string,
    request: ProvisionRequest,
    acceptsIncomplete: boolean,
    originatingIdentity?: string,
  ): Promise<OsbResponse> {
    const found = findPlan(request.service_id, request.plan_id);
    if (!found) {
      throw OsbError.badRequest('Unknown service_id or plan_id');
    }
    const parsed = parameterSchemas[found.service.engine].safeParse(
      request.parameters ?? {},
    );
    if (!parsed.success) {
      throw OsbError.badRequest(
        `Invalid parameters: ${parsed.error.issues
          .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ')}`,
      );
    }
    if (!acceptsIncomplete) {
      throw OsbError.asyncRequired();
    }
    const parameters = canonicalJson(parsed.data);

    for (let attempt = 0; attempt < 2; attempt++) {
      const existing = await this.store.getInstance(instanceId);
      if (existing && existing.state !== 'deleted') {
        return this.answerExisting(existing, request, parameters);
      }
      const now = new Date().toISOString();
      const operation = newOperation(instanceId, 'provision');
      const row: InstanceRow = {
        instance_id: instanceId,
        service_id: request.service_id,
        plan_id: request.plan_id,
        parameters,
        context: canonicalJson(request.context ?? {}),
        resource_name: naming.resource(instanceId),
        state: 'provisioning',
        operation_id: operation.id,
        originating_identity: originatingIdentity?.slice(0, 1024) ?? null,
        created_at: now,
        updated_at: now,
      };
      try {
        if (existing) {
          await this.store.reviveInstance(row, operation);
        } else {
          await this.store.insertInstance(row, operation);
        }
      } catch (error) {
        // A concurrent PUT for the same id won the insert: answer as for a repeat.
        if (isUniqueViolation(error)) {
          continue;
        }
        throw error;
      }
      this.runner.start(instanceId);
      return { status: 202, body: { operation: operation.id } };
    }
    throw OsbError.concurrency('The instance is being changed concurrently');
  }

  private answerExisting(
    existing: InstanceRow,
    request: ProvisionRequest,
    parameters: string,
  ): OsbResponse {
    const same =
      existing.service_id === request.service_id &&
      existing.plan_id === request.plan_id &&
      existing.parameters === parameters;
    if (!same) {
      return { status: 409, body: {} };
    }
    switch (existing.state) {
      case 'ready':
        return { status: 200, body: {} };
      case 'deprovisioning':
        throw OsbError.concurrency('The instance is being deprovisioned');
      default:
        // In progress, or failed: the platform polls and learns the outcome.
        return { status: 202, body: { operation: existing.operation_id } };
    }
  }

  async deprovision(
    instanceId: string,
    query: DeleteQuery,
  ): Promise<OsbResponse> {
    const existing = await this.store.getInstance(instanceId);
    if (!existing || existing.state === 'deleted') {
      return { status: 410, body: {} };
    }
    if (
      existing.service_id !== query.service_id ||
      existing.plan_id !== query.plan_id
    ) {
      throw OsbError.badRequest('service_id or plan_id does not match');
    }
    if (!query.accepts_incomplete) {
      throw OsbError.asyncRequired();
    }
    if (existing.state === 'deprovisioning') {
      return { status: 202, body: { operation: existing.operation_id } };
    }
    if (existing.state === 'provisioning') {
      throw OsbError.concurrency('Provisioning is still in progress');
    }
    if ((await this.store.countBindings(instanceId)) > 0) {
      // The spec has platforms unbind first; deleting data under live users is refused.
      throw new OsbError(
        422,
        'BindingsExist',
        'Delete every binding of the instance before deprovisioning it',
      );
    }
    const operation = newOperation(instanceId, 'deprovision');
    await this.store.setInstanceState(instanceId, 'deprovisioning', operation);
    this.runner.start(instanceId);
    return { status: 202, body: { operation: operation.id } };
  }

  async lastOperation(
    instanceId: string,
    operationId: string | undefined,
  ): Promise<OsbResponse> {
    const instance = await this.store.getInstance(instanceId);
    if (!instance) {
      throw OsbError.notFound('No such service instance');
    }
    const operation = await this.store.getOperation(
      operationId ?? instance.operation_id ?? '',
    );
    if (operation && operation.instance_id !== instanceId) {
      throw OsbError.badRequest('The operation belongs to another instance');
    }
    if (instance.state === 'deleted' && operation?.type !== 'deprovision') {
      return { status: 410, body: {} };
    }
    if (!operation) {
      throw OsbError.badRequest('Unknown operation');
    }
    const body = {
      state: operation.state,
      ...(operation.description ? { description: operation.description } : {}),
    };
    return operation.state === 'in progress'
      ? { status: 200, body, headers: { 'Retry-After': RETRY_AFTER_SECONDS } }
      : { status: 200, body };
  }

  async fetch(instanceId: string): Promise<OsbResponse> {
    const instance = await this.store.getInstance(instanceId);
    if (!instance || ['deleted', 'provisioning'].includes(instance.state)) {
      throw OsbError.notFound('No such service instance');
    }
    if (instance.state === 'deprovisioning') {
      throw OsbError.concurrency('The instance is being deprovisioned');
    }
    return {
      status: 200,
      body: {
        service_id: instance.service_id,
        plan_id: instance.plan_id,
        parameters: JSON.parse(instance.parameters),
      },
    };
  }
}
