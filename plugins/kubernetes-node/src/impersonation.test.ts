import {
  impersonationHeaders,
  KubernetesIdentities,
  platformIdentity,
} from './impersonation';

describe('impersonation', () => {
  it('names people and teams under the prefix, lower-cased and sorted', () => {
    const identities = new KubernetesIdentities();
    expect(
      identities.person('user:default/Alice', [
        'group:default/storefront',
        'group:default/admins',
        'group:default/storefront',
      ]),
    ).toEqual({
      user: 'paasport:user:default/alice',
      groups: [
        'paasport:group:default/admins',
        'paasport:group:default/storefront',
      ],
    });
    expect(
      new KubernetesIdentities('acme-portal:').nameOf('group:default/x'),
    ).toBe('acme-portal:group:default/x');
  });

  it('sends one header line per group', () => {
    expect(impersonationHeaders({ user: 'u', groups: ['a', 'b'] })).toEqual({
      'Impersonate-User': 'u',
      'Impersonate-Group': ['a', 'b'],
    });
    expect(impersonationHeaders({ user: 'u', groups: [] })).toEqual({
      'Impersonate-User': 'u',
    });
  });

  it('refuses names that would break the headers', () => {
    expect(() => impersonationHeaders({ user: '', groups: [] })).toThrow(
      /needs a user/,
    );
    expect(() =>
      impersonationHeaders({
        user: 'u',
        groups: ['a\r\nImpersonate-Group: system:masters'],
      }),
    ).toThrow(/Not a valid Kubernetes identity/);
  });
});

describe('platformIdentity', () => {
  it('names the ServiceAccount as the API server authenticates it', () => {
    // No groups: the API server derives a ServiceAccount's own, and
    // constrained impersonation refuses a ServiceAccount sent with
    // Impersonate-Group headers.
    expect(platformIdentity()).toEqual({
      user: 'system:serviceaccount:paasport-system:paasport-platform',
      groups: [],
    });
    expect(platformIdentity('ops/builder').user).toBe(
      'system:serviceaccount:ops:builder',
    );
  });

  it('refuses anything but <namespace>/<name>', () => {
    for (const bad of ['paasport-platform', 'a/b/c', 'A/b', '/b', 'a/']) {
      expect(() => platformIdentity(bad)).toThrow(/is not a ServiceAccount/);
    }
  });
});
