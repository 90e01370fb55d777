import {
  ControllerRevision,
  Deployment,
  Pod,
  ReplicaSet,
  StatefulSet,
} from '../cache/types';
import { deploymentReleases, statefulSetReleases } from './revisions';
import { deploymentRollout } from './rollout';

function deployment(overrides: {
  revision?: number;
  paused?: boolean;
  generation?: number;
  status?: Deployment['status'];
}): Deployment {
  return {
    metadata: {
      name: 'shop-web',
      namespace: 'storefront',
      uid: 'd-uid',
      resourceVersion: '100',
      generation: overrides.generation ?? 3,
      creationTimestamp: '2026-01-01T00:00:00Z',
      annotations: {
        'deployment.kubernetes.io/revision': String(overrides.revision ?? 3),
      },
    },
    spec: {
      replicas: 2,
      paused: overrides.paused,
      template: { spec: { containers: [{ name: 'web', image: 'web:3' }] } },
    },
    status: overrides.status ?? {
      observedGeneration: 3,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    },
  };
}

function replicaSet(
  revision: number,
  replicas: number,
  owner = 'd-uid',
): ReplicaSet {
  return {
    metadata: {
      name: `shop-web-${revision}`,
      namespace: 'storefront',
      uid: `rs-${revision}`,
      resourceVersion: '1',
      creationTimestamp: `2026-01-0${revision}T00:00:00Z`,
      annotations: {
        'deployment.kubernetes.io/revision': String(revision),
        'kubernetes.io/change-cause': `deploy ${revision}`,
      },
      ownerReferences: [{ kind: 'Deployment', name: 'shop-web', uid: owner }],
    },
    spec: {
      replicas,
      template: {
        spec: { containers: [{ name: 'web', image: `web:${revision}` }] },
      },
    },
    status: { replicas, readyReplicas: replicas },
  };
}

const history = [
  replicaSet(1, 0),
  replicaSet(3, 2),
  replicaSet(2, 0),
  replicaSet(9, 2, 'other'),
];

describe('deploymentReleases', () => {
  it('lists owned ReplicaSets newest first with images, cause and status', () => {
    const releases = deploymentReleases(
      deployment({}),
      history,
      'component:default/shop-web',
    );
    expect(releases.currentRevision).toBe(3);
    expect(releases.rollout).toEqual({ state: 'complete' });
    expect(
      releases.revisions.map(r => [
        r.revision,
        r.status,
        r.images[0],
        r.changeCause,
      ]),
    ).toEqual([
      [3, 'current', 'web:3', 'deploy 3'],
      [2, 'superseded', 'web:2', 'deploy 2'],
      [1, 'superseded', 'web:1', 'deploy 1'],
    ]);
    expect(releases.owner.manager).toBe('none');
    expect(releases.resourceVersion).toBe('100');
    expect(releases.containers).toEqual(['web']);
    expect(releases.initContainers).toEqual([]);
    expect(releases.canaryId).toBeUndefined();
  });

  it("marks a canary release's own Deployment with its canary's id", () => {
    const canary = deployment({});
    canary.metadata.name = 'shop-web-canary';
    canary.metadata.annotations!['paasport.io/canary-id'] = 'c-1';
    expect(
      deploymentReleases(canary, [], 'component:default/shop-web').canaryId,
    ).toBe('c-1');
  });

  it('marks the new revision rolling out, failed or paused', () => {
    const rolling = deployment({
      status: {
        observedGeneration: 3,
        replicas: 3,
        updatedReplicas: 1,
        availableReplicas: 2,
      },
    });
    expect(deploymentReleases(rolling, history, 'c').revisions[0].status).toBe(
      'rolling-out',
    );
    expect(deploymentRollout(rolling)).toEqual({
      state: 'progressing',
      message: '1 of 2 replicas updated',
    });

    const failed = deployment({
      status: {
        observedGeneration: 3,
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'too slow',
          },
        ],
      },
    });
    expect(deploymentReleases(failed, history, 'c').revisions[0].status).toBe(
      'failed',
    );
    expect(deploymentRollout(failed)).toEqual({
      state: 'failed',
      message: 'too slow',
    });

    expect(deploymentRollout(deployment({ paused: true })).state).toBe(
      'paused',
    );
    expect(deploymentRollout(deployment({ generation: 4 })).state).toBe(
      'progressing',
    );
  });

  it('waits for old replicas and for availability', () => {
    expect(
      deploymentRollout(
        deployment({
          status: {
            observedGeneration: 3,
            replicas: 3,
            updatedReplicas: 2,
            availableReplicas: 2,
          },
        }),
      ).message,
    ).toBe('1 old replicas pending termination');
    expect(
      deploymentRollout(
        deployment({
          status: {
            observedGeneration: 3,
            replicas: 2,
            updatedReplicas: 2,
            availableReplicas: 1,
          },
        }),
      ).message,
    ).toBe('1 of 2 updated replicas available');
  });
});

describe('statefulSetReleases', () => {
  const set: StatefulSet = {
    metadata: {
      name: 'db',
      namespace: 'payments',
      uid: 's-uid',
      resourceVersion: '7',
      generation: 2,
      creationTimestamp: 't',
    },
    spec: {
      replicas: 1,
      template: { spec: { containers: [{ name: 'db', image: 'db:2' }] } },
    },
    status: {
      observedGeneration: 2,
      replicas: 1,
      readyReplicas: 1,
      updatedReplicas: 1,
      currentRevision: 'db-b',
      updateRevision: 'db-b',
    },
  };
  const revision = (
    name: string,
    n: number,
    image: string,
  ): ControllerRevision => ({
    metadata: {
      name,
      namespace: 'payments',
      uid: name,
      resourceVersion: '1',
      creationTimestamp: `t${n}`,
      ownerReferences: [{ kind: 'StatefulSet', name: 'db', uid: 's-uid' }],
    },
    revision: n,
    data: {
      spec: {
        template: {
          spec: { containers: [{ name: 'db', image }] },
          $patch: 'replace',
        } as any,
      },
    },
  });
  const pod: Pod = {
    metadata: {
      name: 'db-0',
      uid: 'p',
      resourceVersion: '1',
      creationTimestamp: 't',
      labels: { 'controller-revision-hash': 'db-b' },
      ownerReferences: [{ kind: 'StatefulSet', name: 'db', uid: 's-uid' }],
    },
    spec: { containers: [{ name: 'db' }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'db', ready: true, restartCount: 0 }],
    },
  };

  it('reads ControllerRevisions and counts pods per revision', () => {
    const releases = statefulSetReleases(
      set,
      [revision('db-a', 1, 'db:1'), revision('db-b', 2, 'db:2')],
      [pod],
      'c',
    );
    expect(releases.currentRevision).toBe(2);
    expect(
      releases.revisions.map(r => [r.revision, r.status, r.images, r.replicas]),
    ).toEqual([
      [2, 'current', ['db:2'], { desired: 1, ready: 1 }],
      [1, 'superseded', ['db:1'], { desired: 0, ready: 0 }],
    ]);
    expect(releases.containers).toEqual(['db']);
  });

  it('lists init containers apart, for the logs container picker', () => {
    const withInit: StatefulSet = {
      ...set,
      spec: {
        ...set.spec,
        template: {
          spec: {
            initContainers: [{ name: 'migrate', image: 'db:2' }],
            containers: [
              { name: 'db', image: 'db:2' },
              { name: 'exporter', image: 'exporter:1' },
            ],
          },
        },
      },
    };
    const releases = statefulSetReleases(withInit, [], [], 'c');
    expect(releases.containers).toEqual(['db', 'exporter']);
    expect(releases.initContainers).toEqual(['migrate']);
  });

  it('says when a rollback would not roll out (OnDelete), and not otherwise', () => {
    const onDelete: StatefulSet = {
      ...set,
      spec: { ...set.spec, updateStrategy: { type: 'OnDelete' } },
    };
    expect(
      statefulSetReleases(onDelete, [], [], 'c').rollbackWouldNotRollOut,
    ).toMatch(/^StatefulSet payments\/db uses the OnDelete update strategy/);
    expect(statefulSetReleases(set, [], [], 'c')).not.toHaveProperty(
      'rollbackWouldNotRollOut',
    );
  });
});
