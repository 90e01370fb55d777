import { kindOrder, RESOURCE_KINDS } from './resourceKinds';

describe('resourceKinds', () => {
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
  });

  it('marks only the RBAC bindings as grants (removed by the platform, never by a person)', () => {
    expect(RESOURCE_KINDS.filter(k => k.grant).map(k => k.kind)).toEqual([
      'ClusterRoleBinding',
      'RoleBinding',
    ]);
  });
});
