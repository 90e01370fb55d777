import { Deployment, ReplicaSet } from '../cache/types';
import { rollbackPatch } from './deploymentRollback';
import { rolloutProgress } from './RollbackProgress';
import { StoredRollback } from './RollbackStore';

const deployment = (
  over: {
    generation?: number;
    observed?: number;
    status?: Deployment['status'];
    annotations?: Record<string, string> | null;
  } = {},
): Deployment => ({
  metadata: {
    name: 'app',
    namespace: 'ns',
    uid: 'd',
    resourceVersion: '10',
    generation: over.generation ?? 5,
    creationTimestamp: 't',
    ...(over.annotations !== null && {
      annotations: over.annotations ?? {
        'deployment.kubernetes.io/revision': '4',
      },
    }),
  },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'app', image: 'app:3' }] } },
  },
  status: over.status ?? {
    observedGeneration: over.observed ?? 5,
    replicas: 2,
    updatedReplicas: 2,
    availableReplicas: 2,
  },
});

const target: ReplicaSet = {
  metadata: {
    name: 'app-1',
    uid: 'r',
    resourceVersion: '1',
    creationTimestamp: 't',
  },
  spec: {
    template: {
      metadata: { labels: { app: 'app', 'pod-template-hash': 'abc' } },
      spec: { containers: [{ name: 'app', image: 'app:1' }] },
    },
  },
};

describe('rollbackPatch', () => {
  it('guards on the resourceVersion, restores the template without its hash and records the cause', () => {
    expect(
      rollbackPatch({
        deployment: deployment(),
        target,
        resourceVersion: '9',
        changeCause: 'why',
      }),
    ).toEqual([
      { op: 'replace', path: '/metadata/resourceVersion', value: '9' },
      {
        op: 'replace',
        path: '/spec/template',
        value: {
          metadata: { labels: { app: 'app' } },
          spec: { containers: [{ name: 'app', image: 'app:1' }] },
        },
      },
      {
        op: 'add',
        path: '/metadata/annotations/kubernetes.io~1change-cause',
        value: 'why',
      },
    ]);
    expect(target.spec.template.metadata?.labels?.['pod-template-hash']).toBe(
      'abc',
    );
  });

  it('creates the annotations map when the Deployment has none', () => {
    const [, , annotate] = rollbackPatch({
      deployment: deployment({ annotations: null }),
      target,
      resourceVersion: '9',
      changeCause: 'why',
    });
    expect(annotate).toEqual({
      op: 'add',
      path: '/metadata/annotations',
      value: { 'kubernetes.io/change-cause': 'why' },
    });
  });
});

describe('rolloutProgress', () => {
  const rollback = { targetGeneration: 5 } as StoredRollback;

  it('succeeds once the controller observed the rollback and the new ReplicaSet is available', () => {
    expect(rolloutProgress(rollback, deployment())).toMatchObject({
      status: 'succeeded',
      newRevision: 4,
      message: 'revision 4 is available',
      finishedAt: expect.any(String),
    });
  });

  it('keeps progressing until then', () => {
    expect(rolloutProgress(rollback, deployment({ observed: 4 })).status).toBe(
      'progressing',
    );
    expect(
      rolloutProgress(
        rollback,
        deployment({
          status: { observedGeneration: 5, replicas: 3, updatedReplicas: 1 },
        }),
      ),
    ).toMatchObject({
      status: 'progressing',
      message: '1 of 2 replicas updated',
    });
  });

  it('fails on the progress deadline, and notices deletions and newer changes', () => {
    const stuck = deployment({
      status: {
        observedGeneration: 5,
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "app-1" has timed out progressing.',
          },
        ],
      },
    });
    expect(rolloutProgress(rollback, stuck)).toMatchObject({
      status: 'failed',
      message: 'ReplicaSet "app-1" has timed out progressing.',
    });
    expect(rolloutProgress(rollback, undefined)).toMatchObject({
      status: 'failed',
      message: 'the Deployment was deleted',
    });
    expect(
      rolloutProgress(rollback, deployment({ generation: 6 })).status,
    ).toBe('superseded');
  });
});
