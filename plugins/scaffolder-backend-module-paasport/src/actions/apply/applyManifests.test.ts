import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { testDeps } from '../../__testUtils__/fakes';
import { createApplyManifestsAction } from './applyManifests';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  selector: { matchLabels: { app: cart } }
  template: { metadata: { labels: { app: cart } }, spec: { containers: [{ name: app, image: cart:1 }] } }
---
apiVersion: v1
kind: Service
metadata:
  name: cart
spec:
  ports: [{ port: 80 }]
`;

const input = {
  team: 'group:default/storefront',
  system: 'system:default/shop',
  clusters: ['dev'],
};

describe('paasport:kubernetes:apply', () => {
  const dir = createMockDirectory();

  it('applies into the team namespace, labels, and records only new objects', async () => {
    dir.setContent({ 'k8s/app.yaml': deployment });
    const { deps, fakes, ledger } = await testDeps();
    fakes.dev.seed({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cart', namespace: 'storefront' },
    });
    const ctx = createMockActionContext({ input, workspacePath: dir.path });
    await createApplyManifestsAction(deps).handler(ctx as any);

    expect(fakes.dev.calls).toEqual([
      'apply Deployment/storefront/cart',
      'apply Service/storefront/cart',
    ]);
    const applied: any = await fakes.dev.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'storefront',
      name: 'cart',
    });
    expect(applied.metadata.labels).toMatchObject({
      'paasport.io/team': 'storefront',
      'app.kubernetes.io/managed-by': 'paasport-scaffolder',
    });
    expect(applied.metadata.annotations).toMatchObject({
      'paasport.io/scaffolder-task': 'mock-task-id',
    });
    // The Service existed before: undo must not delete it.
    const entries = await ledger.entries('mock-task-id');
    expect(entries.map(e => (e.resource as any).kind)).toEqual(['Deployment']);
  });

  it('refuses cluster-scoped objects and other namespaces before applying anything', async () => {
    const { deps, fakes } = await testDeps();
    dir.setContent({
      'k8s/a.yaml': deployment,
      'k8s/b.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: evil }\n',
    });
    await expect(
      createApplyManifestsAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow('k8s/b.yaml: ClusterRole evil is cluster-scoped');

    dir.setContent({
      'k8s/a.yaml': deployment.replace(
        'name: cart\nspec:\n  selector',
        'name: cart\n  namespace: payments\nspec:\n  selector',
      ),
    });
    await expect(
      createApplyManifestsAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow(
      'names namespace payments; it must be the team namespace storefront',
    );
    expect(fakes.dev.calls).toEqual([]);
  });

  it('reports bad YAML with its file', async () => {
    const { deps } = await testDeps();
    dir.setContent({ 'k8s/a.yaml': 'kind: [unclosed' });
    await expect(
      createApplyManifestsAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow(/^k8s\/a.yaml: /);
  });

  it('dry-runs against the API server without recording', async () => {
    dir.setContent({ 'k8s/app.yaml': deployment });
    const { deps, fakes, ledger } = await testDeps();
    fakes.dev.seed({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'storefront' },
    });
    const ctx = {
      ...createMockActionContext({ input, workspacePath: dir.path }),
      isDryRun: true,
    };
    await createApplyManifestsAction(deps).handler(ctx as any);
    expect(fakes.dev.calls).toEqual([]);
    expect(await ledger.entries('mock-task-id')).toEqual([]);
  });
});
