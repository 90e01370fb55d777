import { kindOrder, RESOURCE_KINDS, resourcePath } from './resourceKinds';

describe('resourceKinds', () => {
  it('builds core, group and custom resource paths', () => {
    const service = RESOURCE_KINDS.find(k => k.kind === 'Service')!;
    const deployment = RESOURCE_KINDS.find(k => k.kind === 'Deployment')!;
    const pipeline = RESOURCE_KINDS.find(k => k.kind === 'Pipeline')!;
    expect(resourcePath(service, 'shop')).toBe(
      '/api/v1/namespaces/shop/services',
    );
    expect(resourcePath(deployment)).toBe('/apis/apps/v1/deployments');
    expect(resourcePath(pipeline, 'shop', 'build')).toBe(
      '/apis/tekton.dev/v1/namespaces/shop/pipelines/build',
    );
  });

  it('removes autoscalers before workloads, and workloads before what they use', () => {
    const order = (kind: string) => kindOrder(kind);
    expect(order('HorizontalPodAutoscaler')).toBeLessThan(order('Deployment'));
    expect(order('Deployment')).toBeLessThan(order('Service'));
    expect(order('StatefulSet')).toBeLessThan(order('Secret'));
    // A CronJob would start a new Job while its Jobs are being removed.
    expect(order('CronJob')).toBeLessThan(order('Job'));
    expect(order('Job')).toBeLessThan(order('ConfigMap'));
    expect(order('EventListener')).toBeLessThan(order('Pipeline'));
    expect(order('Unknown')).toBe(RESOURCE_KINDS.length);
  });

  it('marks only the operator kinds as optional', () => {
    expect(
      RESOURCE_KINDS.filter(k => k.optional).map(
        k => k.apiVersion.split('/')[0],
      ),
    ).toEqual([
      'triggers.tekton.dev',
      'triggers.tekton.dev',
      'triggers.tekton.dev',
      'tekton.dev',
      'tekton.dev',
    ]);
  });

  it("removes a pipeline's grants before its account, the cluster-wide one without a namespace", () => {
    const order = (kind: string) => kindOrder(kind);
    expect(order('ClusterRoleBinding')).toBeLessThan(order('ServiceAccount'));
    expect(order('RoleBinding')).toBeLessThan(order('ServiceAccount'));
    const clusterScoped = RESOURCE_KINDS.filter(k => k.clusterScoped);
    expect(clusterScoped.map(k => k.kind)).toEqual(['ClusterRoleBinding']);
    expect(resourcePath(clusterScoped[0], undefined, 'team-ci-triggers')).toBe(
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/team-ci-triggers',
    );
  });
});
