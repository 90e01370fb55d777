import {
  ClusterReleases,
  isClusterError,
  ReleasesResponse,
  RollbackResponse,
  RollbackStatus,
} from '@paasport/plugin-console-common';
import { BenchAdmin } from './admin';
import { BenchBackend } from './benchBackend';
import { ENTITY } from './seedLoad';

/** Timings of one console rollback, from just before its POST. */
export interface RollbackTiming {
  cluster: string;
  fromRevision: number;
  toRevision: number;
  newRevision: number;
  replicas: number;
  /** The POST answered (202, rollback started). */
  answeredMs: number;
  /** The new ReplicaSet has all its replicas available (seen as admin). */
  newReplicaSetAvailableMs: number;
  /** Deployment complete: only the new ReplicaSet left, all available. */
  rolloutCompleteMs: number;
  /** `GET /rollbacks/:id` first said `succeeded`. */
  consoleSucceededMs: number;
}

const POLL_MS = 100;
const TIMEOUT_MS = 5 * 60_000;

async function currentWorkload(backend: BenchBackend, cluster: string) {
  const { body } = await backend.consoleReleases<ReleasesResponse>(cluster);
  const entry = body.clusters[0];
  if (!entry || isClusterError(entry)) {
    throw new Error(`${cluster}: no releases (${JSON.stringify(entry)})`);
  }
  const workload = (entry as ClusterReleases).workloads.find(
    w => w.kind === 'Deployment' && w.name === ENTITY.name,
  );
  if (!workload?.currentRevision) {
    throw new Error(`${cluster}: ${ENTITY.name} has no current revision`);
  }
  return { ...workload, currentRevision: workload.currentRevision };
}

/**
 * Rolls the entity's Deployment back to its previous revision through the
 * console (`POST .../rollback`, as the dialog does) and times, against the
 * apiserver itself, when the new ReplicaSet is available. Admin reads every
 * 100 ms bound the resolution.
 */
export async function timeRollback(
  backend: BenchBackend,
  admin: BenchAdmin,
): Promise<RollbackTiming> {
  const { cluster } = admin;
  const workload = await currentWorkload(backend, cluster);
  const toRevision = Math.max(
    ...workload.revisions
      .map(r => r.revision)
      .filter(r => r !== workload.currentRevision),
  );
  const started = performance.now();
  const since = () => performance.now() - started;
  const { body } = await backend.call<RollbackResponse>(
    'POST',
    `console/${backend.entityPath}/rollback`,
    {
      cluster,
      namespace: ENTITY.namespace,
      kind: 'Deployment',
      name: ENTITY.name,
      toRevision,
      resourceVersion: workload.resourceVersion,
      reason: 'benchmark: time a rollback to the new ReplicaSet',
    },
  );
  const answeredMs = since();
  if (body.outcome !== 'started') {
    throw new Error(`${cluster}: rollback did not start: ${body.message}`);
  }
  const id = body.rollback.id;

  let newRevision = 0;
  let newReplicaSetAvailableMs = 0;
  let rolloutCompleteMs = 0;
  let consoleSucceededMs = 0;
  let consoleError: unknown;
  const consoleWatch = (async () => {
    while (!consoleSucceededMs && since() < TIMEOUT_MS) {
      const { body: status } = await backend.call<RollbackStatus>(
        'GET',
        `console/rollbacks/${id}`,
      );
      if (status.status === 'succeeded') consoleSucceededMs = since();
      else if (status.status !== 'progressing') {
        throw new Error(
          `${cluster}: rollback ${status.status}: ${status.message}`,
        );
      }
      await new Promise(r => setTimeout(r, POLL_MS));
    }
  })().catch(error => {
    consoleError = error;
  });

  while (!rolloutCompleteMs && !consoleError && since() < TIMEOUT_MS) {
    const [deployment, replicaSets] = await Promise.all([
      admin.apps.readNamespacedDeployment({
        name: ENTITY.name,
        namespace: ENTITY.namespace,
      }),
      admin.apps.listNamespacedReplicaSet({
        namespace: ENTITY.namespace,
        labelSelector: `app.kubernetes.io/name=${ENTITY.name}`,
      }),
    ]);
    const revision = Number(
      deployment.metadata?.annotations?.['deployment.kubernetes.io/revision'],
    );
    if (revision > workload.currentRevision) newRevision = revision;
    const wanted = String(newRevision);
    const fresh = newRevision
      ? replicaSets.items.find(
          rs =>
            rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ===
            wanted,
        )
      : undefined;
    const want = deployment.spec?.replicas ?? 1;
    if (
      fresh &&
      !newReplicaSetAvailableMs &&
      (fresh.status?.availableReplicas ?? 0) >= want
    ) {
      newReplicaSetAvailableMs = since();
    }
    const s = deployment.status;
    if (
      newReplicaSetAvailableMs &&
      (s?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0) &&
      s?.replicas === want &&
      s?.updatedReplicas === want &&
      s?.availableReplicas === want
    ) {
      rolloutCompleteMs = since();
    }
    await new Promise(r => setTimeout(r, POLL_MS));
  }
  await consoleWatch;
  if (consoleError) throw consoleError;
  if (!rolloutCompleteMs || !consoleSucceededMs) {
    throw new Error(`${cluster}: rollback not complete after ${TIMEOUT_MS} ms`);
  }
  return {
    cluster,
    fromRevision: workload.currentRevision,
    toRevision,
    newRevision,
    replicas: ENTITY.replicas,
    answeredMs,
    newReplicaSetAvailableMs,
    rolloutCompleteMs,
    consoleSucceededMs,
  };
}
