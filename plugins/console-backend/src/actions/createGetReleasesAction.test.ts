import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  ReleasesResponse,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import { createGetReleasesAction } from './createGetReleasesAction';
import { actionInvoker } from './__testUtils__/invoker';

// The mapping only: the service is faked. What the service does with the
// person's credentials is tested against the real clusters in
// actions.integration.test.ts.

const web: WorkloadReleases = {
  kind: 'Deployment',
  namespace: 'storefront',
  name: 'shop-web',
  entityRef: 'component:default/shop-web',
  resourceVersion: '4711',
  paused: false,
  owner: { manager: 'none', evidence: [] },
  currentRevision: 4,
  rollout: { state: 'progressing', message: '2 of 3 updated' },
  replicas: { desired: 3, ready: 2, updated: 2 },
  containers: ['web'],
  initContainers: [],
  revisions: [
    {
      revision: 4,
      name: 'shop-web-7d9f',
      images: ['registry.paasport.dev/shop/web:1.2.0'],
      createdAt: '2025-05-01T10:00:00Z',
      replicas: { desired: 3, ready: 2 },
      status: 'rolling-out',
    },
    {
      revision: 3,
      name: 'shop-web-5c8b',
      images: ['registry.paasport.dev/shop/web:1.1.0'],
      createdAt: '2025-04-01T10:00:00Z',
      replicas: { desired: 0, ready: 0 },
      status: 'superseded',
    },
  ],
};

const response: ReleasesResponse = {
  entityRef: 'system:default/shop',
  clusters: [
    {
      cluster: 'dev',
      cache: { synced: true, stale: true, staleSince: '2025-05-01T10:05:00Z' },
      workloads: [
        web,
        {
          ...web,
          name: 'shop-web-canary',
          canaryId: '3f0c9a52-6d1e-4b7a-9c2f-8e4d5a6b7c10',
          currentRevision: undefined,
          rollout: { state: 'complete' },
          replicas: { desired: 1, ready: 1, updated: 1 },
          revisions: [],
        },
      ],
    },
    {
      cluster: 'down',
      error: {
        name: 'ServiceUnavailableError',
        message: 'down is unreachable',
      },
    },
  ],
  problems: ['shop-legacy: no namespace of its team on prod'],
};

describe('get-releases action', () => {
  const setup = () => {
    const { registry, invoke } = actionInvoker('get-releases');
    const releases = jest.fn(async () => response);
    createGetReleasesAction({
      actionsRegistry: registry,
      auth: mockServices.auth(),
      releases: { releases },
    });
    return { registry, releases, invoke };
  };

  it('gives each cluster its workloads compactly and a failed cluster its message', async () => {
    const { releases, invoke } = setup();
    const { output } = await invoke({ entityRef: 'System:default/shop' });
    expect(output).toEqual({
      entityRef: 'system:default/shop',
      clusters: [
        {
          cluster: 'dev',
          synced: true,
          stale: true,
          staleSince: '2025-05-01T10:05:00Z',
          workloads: [
            {
              component: 'component:default/shop-web',
              kind: 'Deployment',
              namespace: 'storefront',
              name: 'shop-web',
              currentRevision: 4,
              images: ['registry.paasport.dev/shop/web:1.2.0'],
              rollout: 'progressing',
              rolloutMessage: '2 of 3 updated',
              replicas: { ready: 2, desired: 3 },
            },
            {
              component: 'component:default/shop-web',
              kind: 'Deployment',
              namespace: 'storefront',
              name: 'shop-web-canary',
              images: [],
              rollout: 'complete',
              replicas: { ready: 1, desired: 1 },
              canaryId: '3f0c9a52-6d1e-4b7a-9c2f-8e4d5a6b7c10',
            },
          ],
        },
        { cluster: 'down', error: 'down is unreachable' },
      ],
      problems: ['shop-legacy: no namespace of its team on prod'],
    });
    expect(releases).toHaveBeenCalledWith(
      { kind: 'system', namespace: 'default', name: 'shop' },
      mockCredentials.user(),
      { cluster: undefined },
    );
  });

  it('passes the cluster on and runs its example', async () => {
    const { registry, releases, invoke } = setup();
    const [action] = (await registry.list()).actions;
    expect(action.attributes).toEqual({
      readOnly: true,
      destructive: false,
      idempotent: true,
    });
    for (const example of action.examples ?? []) {
      await invoke(example.input);
    }
    expect(releases).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'shop-web' },
      expect.anything(),
      { cluster: 'dev' },
    );
  });

  it('refuses a service principal and bad input before reading anything', async () => {
    const { releases, invoke } = setup();
    const ref = { entityRef: 'component:default/shop-web' };
    await expect(invoke(ref, mockCredentials.service())).rejects.toThrow(
      NotAllowedError,
    );
    for (const input of [
      { entityRef: 'shop-web' },
      { entityRef: 'group:default/storefront' },
      { entityRef: 'component:default/shop web' },
      { ...ref, cluster: 'dev/../prod' },
      { ...ref, cluster: 'dev\n' },
    ]) {
      await expect(invoke(input)).rejects.toThrow(InputError);
    }
    expect(releases).not.toHaveBeenCalled();
  });
});
