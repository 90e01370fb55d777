import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  CreateInstanceRequest,
  instanceNameSchema,
  MarketplaceOffering,
  MarketplacePlan,
} from '@paasport/plugin-marketplace-common';
import { applicationOf } from '../../lib/applicationOf';

/** What the first step of the wizard collects. */
export interface ApplicationChoice {
  entity: Entity | null;
  name: string;
  /** Empty: the backend's default. */
  cluster: string;
  /** Bind as soon as the instance is ready, so the Secret just appears. */
  bindNow: boolean;
  bindingName: string;
}

/** The first step's state before the user touched anything. */
export const emptyChoice = (entity?: Entity): ApplicationChoice => ({
  entity: entity ?? null,
  name: '',
  cluster: '',
  bindNow: isComponent(entity),
  bindingName: isComponent(entity) ? entity!.metadata.name : '',
});

export function isComponent(entity: Entity | null | undefined) {
  return entity?.kind.toLowerCase() === 'component';
}

/** Operator plans run in the team's namespace on a cluster of their own choosing. */
export function runsOnCluster(plan: MarketplacePlan) {
  return plan.provider.startsWith('operator:');
}

function nameProblem(name: string) {
  if (!name) return undefined;
  const result = instanceNameSchema.safeParse(name);
  return result.success ? undefined : result.error.issues[0]?.message;
}

function bindingProblem(name: string) {
  return name ? nameProblem(name) : 'Name the binding';
}

/**
 * Whether the first step needs a cluster, and why it cannot be left yet,
 * per field (undefined: fine).
 */
export function choiceProblems(
  choice: ApplicationChoice,
  plan: MarketplacePlan,
  clusterCount: number,
) {
  // Operator plans run on a cluster; a Secret needs one when there are several.
  const needsCluster =
    runsOnCluster(plan) || (choice.bindNow && clusterCount > 1);
  let cluster: string | undefined;
  if (needsCluster && !choice.cluster) {
    cluster = runsOnCluster(plan)
      ? 'This plan runs on a cluster of your choice'
      : 'Choose the cluster the Secret is delivered to';
  }
  return {
    needsCluster,
    problems: {
      application:
        !choice.entity || !applicationOf(choice.entity)
          ? 'Choose an application or one of its components'
          : undefined,
      name: choice.name ? nameProblem(choice.name) : 'Name the instance',
      cluster,
      bindingName: choice.bindNow
        ? bindingProblem(choice.bindingName)
        : undefined,
    },
  };
}

/** The `POST /requests` body for a completed wizard. */
export function toRequestBody(
  choice: ApplicationChoice,
  offering: MarketplaceOffering,
  plan: MarketplacePlan,
  parameters: JsonObject,
): CreateInstanceRequest {
  const ref = stringifyEntityRef(choice.entity!);
  return {
    offeringId: offering.id,
    planId: plan.id,
    name: choice.name,
    // A Component names itself; the backend finds its application.
    ...(isComponent(choice.entity) ? { component: ref } : { system: ref }),
    ...(choice.cluster ? { cluster: choice.cluster } : {}),
    parameters,
    ...(choice.bindNow ? { binding: { name: choice.bindingName } } : {}),
  };
}
