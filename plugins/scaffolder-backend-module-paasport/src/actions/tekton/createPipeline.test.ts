import {
  createMockDirectory,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GITEA, testDeps } from '../../__testUtils__/fakes';
import { createTektonPipelineAction, webhookUrl } from './createPipeline';

const server = setupServer();
registerMswTestHooks(server);

const pipeline = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata: { name: cart-ci }
spec: { tasks: [{ name: t, taskSpec: { steps: [] } }] }
---
apiVersion: triggers.tekton.dev/v1beta1
kind: EventListener
metadata: { name: cart-listener }
spec: { serviceAccountName: cart-pipeline, triggers: [] }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: cart-pipeline }
`;

const input = {
  team: 'group:default/storefront',
  system: 'system:default/shop',
  cluster: 'resource:default/dev',
  repoUrl: 'gitea.test?owner=paasport&repo=cart',
};

describe('webhookUrl', () => {
  it('fills the placeholders', () => {
    expect(
      webhookUrl(
        'https://hooks.{cluster}.example/{namespace}/{eventListener}',
        {
          cluster: 'dev',
          namespace: 'storefront',
          eventListener: 'cart-listener',
        },
      ),
    ).toBe('https://hooks.dev.example/storefront/cart-listener');
  });
});

describe('paasport:tekton:pipeline', () => {
  const dir = createMockDirectory();

  it('applies the pipeline objects, the webhook secret and the Gitea webhook, and records them', async () => {
    dir.setContent({ '.tekton/pipeline.yaml': pipeline });
    const hooks: any[] = [];
    server.use(
      http.get(`${GITEA}/api/v1/repos/paasport/cart/hooks`, () =>
        HttpResponse.json([]),
      ),
      http.post(
        `${GITEA}/api/v1/repos/paasport/cart/hooks`,
        async ({ request }) => {
          const body: any = await request.json();
          hooks.push(body);
          return HttpResponse.json({ id: 42, ...body }, { status: 201 });
        },
      ),
    );
    const { deps, fakes, ledger } = await testDeps();
    const ctx = createMockActionContext({ input, workspacePath: dir.path });
    await createTektonPipelineAction(deps).handler(ctx as any);

    // The template's objects and the webhook secret as the user, the
    // account's bindings as the platform.
    expect([...fakes.dev.calls].sort()).toEqual([
      'apply ClusterRoleBinding//storefront-cart-pipeline-triggers as platform',
      'apply EventListener/storefront/cart-listener as user:default/mock',
      'apply Pipeline/storefront/cart-ci as user:default/mock',
      'apply RoleBinding/storefront/cart-pipeline-deploy as platform',
      'apply RoleBinding/storefront/cart-pipeline-triggers as platform',
      'apply Secret/storefront/cart-listener-webhook as user:default/mock',
      'apply ServiceAccount/storefront/cart-pipeline as user:default/mock',
    ]);
    // Tekton Triggers' roles and the team role for the listener's own
    // account, nothing more.
    const subjects = [
      {
        kind: 'ServiceAccount',
        name: 'cart-pipeline',
        namespace: 'storefront',
      },
    ];
    expect(
      fakes.dev.read({
        kind: 'RoleBinding',
        namespace: 'storefront',
        name: 'cart-pipeline-triggers',
      }),
    ).toMatchObject({
      roleRef: {
        kind: 'ClusterRole',
        name: 'tekton-triggers-eventlistener-roles',
      },
      subjects,
    });
    expect(
      fakes.dev.read({
        kind: 'RoleBinding',
        namespace: 'storefront',
        name: 'cart-pipeline-deploy',
      }),
    ).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'paasport-team' },
      subjects,
    });
    expect(
      fakes.dev.read({
        kind: 'ClusterRoleBinding',
        name: 'storefront-cart-pipeline-triggers',
      }),
    ).toMatchObject({
      metadata: { labels: { 'paasport.io/team': 'storefront' } },
      roleRef: {
        kind: 'ClusterRole',
        name: 'tekton-triggers-eventlistener-clusterroles',
      },
      subjects,
    });
    // The secret is written before the hook that uses it.
    expect(fakes.dev.calls.at(-1)).toBe(
      'apply Secret/storefront/cart-listener-webhook as user:default/mock',
    );
    const secret: any = fakes.dev.read({
      kind: 'Secret',
      namespace: 'storefront',
      name: 'cart-listener-webhook',
    });
    expect(hooks).toEqual([
      {
        type: 'gitea',
        active: true,
        events: ['push'],
        config: {
          url: 'http://el-cart-listener.storefront.svc.cluster.local:8080',
          content_type: 'json',
          secret: secret.stringData.secret,
        },
      },
    ]);
    expect(secret.stringData.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(ctx.output).toHaveBeenCalledWith('webhookId', 42);
    const entries = await ledger.entries('mock-task-id');
    const kinds = entries.map(e =>
      e.resource.type === 'kubernetes'
        ? `${e.resource.kind} ${e.resource.actor}`
        : e.resource.type,
    );
    expect(kinds[0]).toBe('gitea-webhook');
    expect(kinds.slice(1).sort()).toEqual([
      'ClusterRoleBinding platform',
      'EventListener initiator',
      'Pipeline initiator',
      'RoleBinding platform',
      'RoleBinding platform',
      'Secret initiator',
      'ServiceAccount initiator',
    ]);
    expect(
      entries.every(
        e =>
          e.resource.type !== 'kubernetes' ||
          e.resource.uid?.startsWith('dev-uid-'),
      ),
    ).toBe(true);
  });

  it('updates the existing hook with the same URL instead of adding a second one', async () => {
    dir.setContent({ '.tekton/pipeline.yaml': pipeline });
    let patched = 0;
    server.use(
      http.get(`${GITEA}/api/v1/repos/paasport/cart/hooks`, () =>
        HttpResponse.json([
          {
            id: 9,
            config: {
              url: 'http://el-cart-listener.storefront.svc.cluster.local:8080',
            },
          },
        ]),
      ),
      http.patch(`${GITEA}/api/v1/repos/paasport/cart/hooks/9`, () => {
        patched++;
        return HttpResponse.json({ id: 9 });
      }),
    );
    const { deps, ledger } = await testDeps();
    await createTektonPipelineAction(deps).handler(
      createMockActionContext({ input, workspacePath: dir.path }) as any,
    );
    expect(patched).toBe(1);
    // Not created by this task, so undo must leave the hook alone.
    expect(
      (await ledger.entries('mock-task-id')).some(
        e => e.resource.type === 'gitea-webhook',
      ),
    ).toBe(false);
  });

  it('refuses objects that are not pipeline objects', async () => {
    dir.setContent({
      '.tekton/pipeline.yaml': `${pipeline}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: sneaky }\n`,
    });
    const { deps, fakes } = await testDeps();
    await expect(
      createTektonPipelineAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow(
      'Deployment is not a pipeline object (Tekton kinds and ServiceAccount only)',
    );
    expect(fakes.dev.calls).toEqual([]);
  });

  it('refuses RoleBindings in the definitions: the platform makes them', async () => {
    dir.setContent({
      '.tekton/pipeline.yaml': `${pipeline}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: cart-pipeline-deploy }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin }\nsubjects: [{ kind: ServiceAccount, name: cart-pipeline }]\n`,
    });
    const { deps, fakes } = await testDeps();
    await expect(
      createTektonPipelineAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow(
      "RoleBinding cart-pipeline-deploy (to ClusterRole admin): access in a team namespace is the platform's to grant",
    );
    expect(fakes.dev.calls).toEqual([]);
  });

  it("refuses another team's namespace before touching the cluster or the repository", async () => {
    dir.setContent({ '.tekton/pipeline.yaml': pipeline });
    const { deps, fakes } = await testDeps();
    fakes.dev.seedTeamNamespace('payments', 'payments');
    await expect(
      createTektonPipelineAction(deps).handler(
        createMockActionContext({
          input: { ...input, team: 'payments' },
          workspacePath: dir.path,
        }) as any,
      ),
    ).rejects.toThrow(
      'user:default/mock is not a member of group:default/payments, which owns namespace payments on dev',
    );
    expect(fakes.dev.calls).toEqual([]);
  });

  it('needs exactly one EventListener', async () => {
    dir.setContent({ '.tekton/p.yaml': pipeline.split('---')[0] });
    const { deps } = await testDeps();
    await expect(
      createTektonPipelineAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow('exactly one EventListener (found 0)');
  });

  it.each([
    [
      'names no account',
      'spec: { triggers: [] }',
      "EventListener cart-listener needs spec.serviceAccountName (an account defined with the pipeline, not the namespace's default)",
    ],
    [
      'runs as an account the definitions do not create',
      'spec: { serviceAccountName: default, triggers: [] }',
      'EventListener cart-listener runs as ServiceAccount default, which the pipeline definitions do not create',
    ],
  ])(
    'refuses a listener that %s, before touching the cluster',
    async (_case, spec, message) => {
      dir.setContent({
        '.tekton/pipeline.yaml': pipeline.replace(
          'spec: { serviceAccountName: cart-pipeline, triggers: [] }',
          spec,
        ),
      });
      const { deps, fakes } = await testDeps();
      await expect(
        createTektonPipelineAction(deps).handler(
          createMockActionContext({ input, workspacePath: dir.path }) as any,
        ),
      ).rejects.toThrow(`.tekton/pipeline.yaml: ${message}`);
      expect(fakes.dev.calls).toEqual([]);
    },
  );
});
