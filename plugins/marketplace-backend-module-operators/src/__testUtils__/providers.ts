import {
  ProviderBindingRef,
  ProviderInstanceRef,
  ProviderResult,
  ProvisionInput,
} from '@paasport/plugin-marketplace-node';
import { JsonObject } from '@backstage/types';
import { randomUUID } from 'node:crypto';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import {
  teamGroup,
  testApplicationModel,
} from '@paasport/kubernetes-node/testUtils';
import { InstanceLocator } from '../provider/InstanceLocator';
import { OperatorDriver, CommonOptions } from '../provider/OperatorDriver';
import { OperatorProvider } from '../provider/OperatorProvider';

/** The team of the scratch namespaces; `tester` is its member. */
export const TEST_TEAM = 'mkt-op-test';

/** Who the provider acts for in the driver tests. */
export const TESTER = 'user:default/tester';

/**
 * A provider as the module builds it, acting as the people of an
 * application model where `tester` belongs to {@link TEST_TEAM} (and
 * `outsider` to a team of its own); a new one has no memory (a restarted
 * backend).
 */
export function testProvider<O extends CommonOptions>(
  driver: OperatorDriver<O>,
  clusters: KubernetesClusters,
) {
  const model = testApplicationModel({
    entities: [
      teamGroup(TEST_TEAM, undefined, ['tester']),
      teamGroup('mkt-op-outsiders', undefined, ['outsider']),
    ],
    clusters,
  });
  return new OperatorProvider(driver, new InstanceLocator(clusters), model);
}

/** What the marketplace's processor passes to `provision`. */
export function provisionInput(options: {
  namespace: string;
  offeringId: string;
  providerOptions?: JsonObject;
  parameters?: JsonObject;
  /** The cluster the marketplace chose for the request. */
  cluster?: string;
  /** Who asked; {@link TESTER} unless given. */
  actingFor?: string;
}): ProvisionInput {
  return {
    instanceId: randomUUID(),
    actingFor: options.actingFor ?? TESTER,
    offeringId: options.offeringId,
    planId: 'test',
    providerOptions: options.providerOptions ?? {},
    parameters: options.parameters ?? {},
    context: {
      team: 'group:default/mkt-op-test',
      system: 'system:default/mkt-op-test',
      namespace: options.namespace,
      requestedBy: options.actingFor ?? TESTER,
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
  actingFor = input.actingFor,
): ProviderInstanceRef {
  return {
    instanceId: input.instanceId,
    actingFor,
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
  actingFor = input.actingFor,
): ProviderBindingRef {
  return {
    bindingId: randomUUID(),
    instance: instanceRef(input, undefined, recorded, actingFor),
    namespace: input.context.namespace,
    requestedBy: actingFor,
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
