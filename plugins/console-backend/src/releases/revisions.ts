import { Revision, WorkloadReleases } from '@paasport/plugin-console-common';
import { CANARY_ID_ANNOTATION } from '@paasport/kubernetes-node';
import {
  ControllerRevision,
  Deployment,
  Pod,
  PodTemplate,
  ReplicaSet,
  StatefulSet,
} from '../cache/types';
import { detectOwner } from '../rollback/ownership';
import {
  CHANGE_CAUSE_ANNOTATION,
  deploymentRollout,
  isOwnedBy,
  isPodReady,
  revisionOf,
  Rollout,
  statefulSetNotRollingOut,
  statefulSetRollout,
  templateImages,
} from './rollout';

function newestFirst(a: Revision, b: Revision) {
  return b.revision - a.revision;
}

/** How the revision that is being (or was) rolled out is doing. */
function rolloutStatus(rollout: Rollout): Revision['status'] {
  switch (rollout.state) {
    case 'failed':
      return 'failed';
    case 'progressing':
      return 'rolling-out';
    default:
      return 'current';
  }
}

/**
 * A Deployment's history from the ReplicaSets it owns (revision annotation,
 * template, change cause), newest first.
 *
 * @internal
 */
export function deploymentReleases(
  deployment: Deployment,
  replicaSets: ReplicaSet[],
  entityRef: string,
): WorkloadReleases {
  const rollout = deploymentRollout(deployment);
  const currentRevision = revisionOf(deployment);
  const revisions = replicaSets
    .filter(rs => isOwnedBy(rs, deployment.metadata.uid))
    .flatMap((rs): Revision[] => {
      const revision = revisionOf(rs);
      if (!revision) return [];
      return [
        {
          revision,
          name: rs.metadata.name,
          images: templateImages(rs.spec.template),
          ...changeCause(rs),
          createdAt: rs.metadata.creationTimestamp,
          replicas: {
            desired: rs.spec.replicas ?? 0,
            ready: rs.status?.readyReplicas ?? 0,
          },
          status:
            revision === currentRevision
              ? rolloutStatus(rollout)
              : 'superseded',
        },
      ];
    })
    .sort(newestFirst);
  const { status = {} } = deployment;
  const canaryId = deployment.metadata.annotations?.[CANARY_ID_ANNOTATION];
  return {
    kind: 'Deployment',
    ...identity(deployment, entityRef),
    paused: deployment.spec.paused ?? false,
    ...(canaryId && { canaryId }),
    owner: detectOwner(deployment),
    ...(currentRevision && { currentRevision }),
    rollout,
    replicas: {
      desired: deployment.spec.replicas ?? 1,
      ready: status.readyReplicas ?? 0,
      updated: status.updatedReplicas ?? 0,
    },
    revisions,
  };
}

/**
 * A StatefulSet's history from its ControllerRevisions, newest first; pods
 * are counted per revision through their `controller-revision-hash` label.
 *
 * @internal
 */
export function statefulSetReleases(
  set: StatefulSet,
  controllerRevisions: ControllerRevision[],
  pods: Pod[],
  entityRef: string,
): WorkloadReleases {
  const rollout = statefulSetRollout(set);
  const ownPods = pods.filter(p => isOwnedBy(p, set.metadata.uid));
  const updateRevision = set.status?.updateRevision;
  const revisions = controllerRevisions
    .filter(cr => isOwnedBy(cr, set.metadata.uid))
    .map((cr): Revision => {
      const podsOfRevision = ownPods.filter(
        p =>
          p.metadata.labels?.['controller-revision-hash'] === cr.metadata.name,
      );
      const isUpdate = cr.metadata.name === updateRevision;
      return {
        revision: cr.revision,
        name: cr.metadata.name,
        images: templateImages(controllerRevisionTemplate(cr)),
        ...changeCause(cr),
        createdAt: cr.metadata.creationTimestamp,
        replicas: {
          desired: isUpdate ? set.spec.replicas ?? 1 : podsOfRevision.length,
          ready: podsOfRevision.filter(isPodReady).length,
        },
        status: isUpdate ? rolloutStatus(rollout) : 'superseded',
      };
    })
    .sort(newestFirst);
  const { status = {} } = set;
  const currentRevision = revisions.find(
    r => r.name === updateRevision,
  )?.revision;
  const notRollingOut = statefulSetNotRollingOut(set);
  return {
    kind: 'StatefulSet',
    ...identity(set, entityRef),
    paused: false,
    ...(notRollingOut && { rollbackWouldNotRollOut: notRollingOut }),
    owner: detectOwner(set),
    ...(currentRevision && { currentRevision }),
    rollout,
    replicas: {
      desired: set.spec.replicas ?? 1,
      ready: status.readyReplicas ?? 0,
      updated: status.updatedReplicas ?? 0,
    },
    revisions,
  };
}

/**
 * The pod template stored in a StatefulSet's ControllerRevision (a strategic
 * merge patch that replaces `spec.template`).
 *
 * @internal
 */
export function controllerRevisionTemplate(
  cr: ControllerRevision,
): PodTemplate | undefined {
  return cr.data?.spec?.template;
}

function changeCause(object: {
  metadata: { annotations?: Record<string, string> };
}) {
  const cause = object.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
  return cause ? { changeCause: cause } : {};
}

function identity(
  object: Deployment | StatefulSet,
  entityRef: string,
): Pick<
  WorkloadReleases,
  | 'namespace'
  | 'name'
  | 'entityRef'
  | 'resourceVersion'
  | 'containers'
  | 'initContainers'
> {
  const spec = object.spec.template.spec;
  return {
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name,
    entityRef,
    resourceVersion: object.metadata.resourceVersion,
    containers: (spec?.containers ?? []).map(c => c.name),
    initContainers: (spec?.initContainers ?? []).map(c => c.name),
  };
}
