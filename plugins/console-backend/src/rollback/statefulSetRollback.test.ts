import { ControllerRevision, StatefulSet } from '../cache/types';
import {
  statefulSetNotRollingOut,
  statefulSetRollout,
} from '../releases/rollout';
import { statefulSetProgress } from './RollbackProgress';
import { StoredRollback } from './RollbackStore';
import { statefulSetRollbackPatch } from './statefulSetRollback';

const set = (
  over: {
    generation?: number;
    status?: StatefulSet['status'];
    updateStrategy?: StatefulSet['spec']['updateStrategy'];
  } = {},
): StatefulSet => ({
  metadata: {
    name: 'db',
    namespace: 'payments',
    uid: 's-uid',
    resourceVersion: '70',
    generation: over.generation ?? 5,
    creationTimestamp: 't',
  },
  spec: {
    replicas: 3,
    template: { spec: { containers: [{ name: 'db', image: 'db:3' }] } },
    ...(over.updateStrategy && { updateStrategy: over.updateStrategy }),
  },
  status: over.status ?? {
    observedGeneration: 5,
    replicas: 3,
    readyReplicas: 3,
    updatedReplicas: 3,
    currentRevision: 'db-a',
    updateRevision: 'db-a',
  },
});

const revision = (name: string, n: number, owner = 's-uid') =>
  ({
    metadata: {
      name,
      namespace: 'payments',
      uid: name,
      resourceVersion: '1',
      creationTimestamp: 't',
      ownerReferences: [{ kind: 'StatefulSet', name: 'db', uid: owner }],
    },
    revision: n,
    data: {
      spec: {
        template: {
          $patch: 'replace',
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'db', image: 'db:1' }] },
        },
      },
    },
  } as ControllerRevision);

describe('statefulSetRollbackPatch', () => {
  it("is the ControllerRevision's data, guarded by the resourceVersion, with the cause", () => {
    expect(
      statefulSetRollbackPatch({
        revision: revision('db-a', 1),
        resourceVersion: '69',
        changeCause: 'rollback to revision 1 by user:default/alice: broken',
      }),
    ).toEqual({
      metadata: {
        resourceVersion: '69',
        annotations: {
          'kubernetes.io/change-cause':
            'rollback to revision 1 by user:default/alice: broken',
        },
      },
      spec: {
        template: {
          $patch: 'replace',
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'db', image: 'db:1' }] },
        },
      },
    });
  });

  it('refuses a revision without a pod template', () => {
    const empty = { ...revision('db-x', 1), data: {} };
    expect(() =>
      statefulSetRollbackPatch({
        revision: empty,
        resourceVersion: '1',
        changeCause: 'x',
      }),
    ).toThrow(/holds no pod template/);
  });
});

describe('statefulSetNotRollingOut', () => {
  it('refuses OnDelete, which would not replace any pod', () => {
    expect(
      statefulSetNotRollingOut(set({ updateStrategy: { type: 'OnDelete' } })),
    ).toMatch(/OnDelete update strategy.*Switch it to RollingUpdate first/);
    expect(statefulSetNotRollingOut(set())).toBeUndefined();
    expect(
      statefulSetNotRollingOut(
        set({ updateStrategy: { type: 'RollingUpdate' } }),
      ),
    ).toBeUndefined();
  });
});

describe('statefulSetRollout', () => {
  it('counts a partitioned rollout done once the pods above the partition are updated', () => {
    const partitioned = (updatedReplicas: number) =>
      statefulSetRollout(
        set({
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: { partition: 2 },
          },
          status: {
            observedGeneration: 5,
            readyReplicas: 3,
            updatedReplicas,
            currentRevision: 'db-a',
            updateRevision: 'db-b',
          },
        }),
      );
    expect(partitioned(0)).toEqual({
      state: 'progressing',
      message: 'partitioned rollout: 0 of 1 pods updated',
    });
    expect(partitioned(1)).toEqual({ state: 'complete' });
  });

  it('waits for readiness, then for every pod to be updated', () => {
    expect(
      statefulSetRollout(
        set({
          status: {
            observedGeneration: 5,
            readyReplicas: 2,
            updatedReplicas: 1,
            currentRevision: 'db-a',
            updateRevision: 'db-b',
          },
        }),
      ),
    ).toEqual({ state: 'progressing', message: '2 of 3 pods ready' });
    expect(
      statefulSetRollout(
        set({
          status: {
            observedGeneration: 5,
            readyReplicas: 3,
            updatedReplicas: 2,
            currentRevision: 'db-a',
            updateRevision: 'db-b',
          },
        }),
      ),
    ).toEqual({ state: 'progressing', message: '2 of 3 pods updated' });
  });
});

describe('statefulSetProgress', () => {
  const started = new Date('2026-06-01T10:00:00Z');
  const rollback = {
    targetGeneration: 5,
    fromRevision: 3,
    createdAt: started.toISOString(),
  } as StoredRollback;
  const at = (seconds: number) => ({
    now: new Date(started.getTime() + seconds * 1000),
    deadlineMs: 600_000,
  });
  const history = [revision('db-a', 4), revision('db-b', 3)];

  it('succeeds once the controller observed the rollback and every updated pod is ready', () => {
    expect(statefulSetProgress(rollback, set(), history, at(20))).toEqual({
      status: 'succeeded',
      message: 'revision 4 is ready',
      newRevision: 4,
      finishedAt: '2026-06-01T10:00:20.000Z',
    });
  });

  it('waits while pods are replaced, and for the renumbered revision to show up', () => {
    const rolling = set({
      status: {
        observedGeneration: 5,
        readyReplicas: 3,
        updatedReplicas: 1,
        currentRevision: 'db-b',
        updateRevision: 'db-a',
      },
    });
    expect(statefulSetProgress(rollback, rolling, history, at(5))).toEqual({
      status: 'progressing',
      message: '1 of 3 pods updated',
      newRevision: 4,
    });
    // The cache has not yet seen revision 1 renumbered to 4.
    expect(
      statefulSetProgress(rollback, set(), [revision('db-a', 1)], at(5)),
    ).toEqual({
      status: 'progressing',
      message: 'waiting for the controller to pick up the rollback',
    });
    expect(
      statefulSetProgress(
        rollback,
        set({ status: { observedGeneration: 4 } }),
        history,
        at(5),
      ).status,
    ).toBe('progressing');
  });

  it('fails after the deadline, and notices deletions and newer changes', () => {
    const stuck = set({
      status: {
        observedGeneration: 5,
        readyReplicas: 2,
        updatedReplicas: 1,
        currentRevision: 'db-b',
        updateRevision: 'db-a',
      },
    });
    expect(statefulSetProgress(rollback, stuck, history, at(601))).toEqual({
      status: 'failed',
      message: expect.stringMatching(
        /^not ready after 601 s \(2 of 3 pods ready\)\. .*deleting by hand$/,
      ),
      newRevision: 4,
      finishedAt: '2026-06-01T10:10:01.000Z',
    });
    expect(
      statefulSetProgress(rollback, undefined, history, at(1)),
    ).toMatchObject({
      status: 'failed',
      message: 'the StatefulSet was deleted',
    });
    expect(
      statefulSetProgress(rollback, set({ generation: 6 }), history, at(1))
        .status,
    ).toBe('superseded');
  });
});
