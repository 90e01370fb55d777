import {
  ProviderBindingRef,
  ProviderInstanceRef,
  ProviderResult,
  ProvisionInput,
} from '@paasport/plugin-marketplace-node';
import { JsonObject } from '@backstage/types';
import { randomUUID } from 'node:crypto';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import { SecretAccess } from '../kube/secretAccess';
import { InstanceLocator } from '../provider/InstanceLocator';
import { OperatorDriver, CommonOptions } from '../provider/OperatorDriver';
import { OperatorProvider } from '../provider/OperatorProvider';

/** A provider as the module builds it; a new one has no memory (a restarted backend). */
export function testProvider<O extends CommonOptions>(
  driver: OperatorDriver<O>,
  clusters: KubernetesClusters,
) {
  return new OperatorProvider(
    driver,
    new InstanceLocator(clusters),
    new SecretAccess('paasport-portal-credentials'),
  );
}

/** What the marketplace's processor passes to `provision`. */
export function provisionInput(options: {
  namespace: string;
  offeringId: string;
  providerOptions?: JsonObject;
  parameters?: JsonObject;
  /** The cluster the marketplace chose for the request. */
  cluster?: string;
}): ProvisionInput {
  return {
    instanceId: randomUUID(),
    offeringId: options.offeringId,
    planId: 'test',
    providerOptions: options.providerOptions ?? {},
    parameters: options.parameters ?? {},
    context: {
      team: 'group:default/mkt-op-test',
      system: 'system:default/mkt-op-test',
      namespace: options.namespace,
      requestedBy: 'user:default/tester',
      ...(options.cluster && { cluster: options.cluster }),
    },
  };
}

/**
 * The instance reference of later calls: no parameters. `recorded` adds the
 * cluster and namespace as the marketplace records them on a request;
 * without, the provider has to find the instance itself (requests from
 * before clusters were recorded, or another caller).
 */
export function instanceRef(
  input: ProvisionInput,
  operation?: string,
  recorded = false,
): ProviderInstanceRef {
  return {
    instanceId: input.instanceId,
    offeringId: input.offeringId,
    planId: input.planId,
    providerOptions: input.providerOptions,
    ...(operation && { operation }),
    ...(recorded && {
      cluster: input.context.cluster,
      namespace: input.context.namespace,
    }),
  };
}

export function bindingRef(
  input: ProvisionInput,
  recorded = false,
): ProviderBindingRef {
  return {
    bindingId: randomUUID(),
    instance: instanceRef(input, undefined, recorded),
    namespace: input.context.namespace,
    requestedBy: 'user:default/tester',
  };
}

/** Calls `step` until it stops answering `in_progress`, as the processor would. */
export async function untilSettled<T extends ProviderResult>(
  step: (previous?: T) => Promise<T>,
  timeoutMs = 60_000,
): Promise<T & { seen: string[] }> {
  const deadline = Date.now() + timeoutMs;
  const seen: string[] = [];
  let result = await step();
  while (result.phase === 'in_progress') {
    if (result.message && !seen.includes(result.message))
      seen.push(result.message);
    if (Date.now() > deadline) {
      throw new Error(
        `still in progress after ${timeoutMs} ms: ${result.message}`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
    result = await step(result);
  }
  return { ...result, seen };
}
