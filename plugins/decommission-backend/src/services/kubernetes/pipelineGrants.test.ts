import { Binding, pipelineGrantNamespace } from './pipelineGrants';

const roles = {
  namespaced: ['tekton-triggers-eventlistener-roles', 'paasport-team'],
  cluster: 'tekton-triggers-eventlistener-clusterroles',
};
const listener = roles.namespaced[0];

function binding(
  role: string,
  subjects: Binding['subjects'],
  namespace?: string,
): Binding {
  return {
    metadata: { name: 'shop-api-pipeline-triggers', namespace },
    roleRef: { kind: 'ClusterRole', name: role },
    subjects,
  };
}

const account = (namespace?: string) => ({
  kind: 'ServiceAccount',
  name: 'shop-api-pipeline',
  namespace,
});

describe('pipelineGrantNamespace', () => {
  it('finds the namespace of the pipeline account a grant is for', () => {
    expect(
      pipelineGrantNamespace(
        binding(roles.cluster, [account('shop')]),
        'ClusterRoleBinding',
        roles,
      ),
    ).toBe('shop');
    expect(
      pipelineGrantNamespace(
        binding(listener, [account()], 'shop'),
        'RoleBinding',
        roles,
      ),
    ).toBe('shop');
    // The deploy task's grant of the team role.
    expect(
      pipelineGrantNamespace(
        binding('paasport-team', [account('shop')], 'shop'),
        'RoleBinding',
        roles,
      ),
    ).toBe('shop');
  });

  it('leaves alone every other binding, whatever its labels say', () => {
    const refused: Array<[Binding, 'RoleBinding' | 'ClusterRoleBinding']> = [
      // Another role (cluster-admin, admin, or the other listener role).
      [binding('cluster-admin', [account('shop')]), 'ClusterRoleBinding'],
      [binding(listener, [account('shop')]), 'ClusterRoleBinding'],
      [binding('admin', [account()], 'shop'), 'RoleBinding'],
      [binding('paasport-team', [account('shop')]), 'ClusterRoleBinding'],
      // The team's own binding: its group, not an account.
      [
        binding(
          'paasport-team',
          [{ kind: 'Group', name: 'paasport:group:default/shop' }],
          'shop',
        ),
        'RoleBinding',
      ],
      // People or groups, or accounts of two namespaces.
      [
        binding(roles.cluster, [{ kind: 'Group', name: 'paasport:group:x' }]),
        'ClusterRoleBinding',
      ],
      [
        binding(roles.cluster, [account('shop'), account('payments')]),
        'ClusterRoleBinding',
      ],
      // A RoleBinding granting an account of another namespace.
      [binding(listener, [account('payments')], 'shop'), 'RoleBinding'],
      [binding(roles.cluster, []), 'ClusterRoleBinding'],
      [
        { ...binding(roles.cluster, [account('shop')]), roleRef: undefined },
        'ClusterRoleBinding',
      ],
    ];
    for (const [b, kind] of refused) {
      expect(pipelineGrantNamespace(b, kind, roles)).toBeUndefined();
    }
  });
});
