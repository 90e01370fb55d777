import {
  isNamespaceName,
  parseTeamNamespaces,
  teamNamespaceOn,
} from './teamNamespaces';

describe('isNamespaceName', () => {
  it.each(['payments', 'a', 'shop-2', '0ab', 'a'.repeat(63)])(
    'accepts %p',
    name => expect(isNamespaceName(name)).toBe(true),
  );
  it.each([
    '',
    'Payments',
    '-shop',
    'shop-',
    'shop_api',
    'a.b',
    'a'.repeat(64),
  ])('rejects %p', name => expect(isNamespaceName(name)).toBe(false));
});

describe('parseTeamNamespaces', () => {
  it('reads one namespace for every cluster', () => {
    expect(
      parseTeamNamespaces({ 'paasport.io/namespace': 'payments' }),
    ).toEqual({
      namespaces: { default: 'payments', byCluster: {} },
      problems: [],
    });
  });

  it('reads per-cluster overrides with spaces around the separators', () => {
    const { namespaces, problems } = parseTeamNamespaces({
      'paasport.io/namespace': 'shop',
      'paasport.io/namespaces': ' dev = shop-dev , prod=shop-prod',
    });
    expect(problems).toEqual([]);
    expect(namespaces).toEqual({
      default: 'shop',
      byCluster: { dev: 'shop-dev', prod: 'shop-prod' },
    });
    expect(teamNamespaceOn(namespaces, 'dev')).toBe('shop-dev');
    expect(teamNamespaceOn(namespaces, 'stage')).toBe('shop');
  });

  it('knows no namespace on clusters without mapping or default', () => {
    const { namespaces } = parseTeamNamespaces({
      'paasport.io/namespaces': 'dev=a',
    });
    expect(teamNamespaceOn(namespaces, 'prod')).toBeUndefined();
    expect(teamNamespaceOn(namespaces, 'constructor')).toBeUndefined();
  });

  it('reports each malformed entry and keeps the valid ones', () => {
    const { namespaces, problems } = parseTeamNamespaces({
      'paasport.io/namespace': 'Shop',
      'paasport.io/namespaces': 'dev=ok,prod,=x,qa=Not_Valid,dev=again,',
    });
    expect(namespaces).toEqual({ byCluster: { dev: 'ok' } });
    expect(problems).toEqual([
      expect.stringMatching(
        /^paasport.io\/namespace: 'Shop' is not a valid namespace name \(RFC 1123/,
      ),
      expect.stringContaining("'prod' is not <cluster>=<namespace>"),
      expect.stringContaining("'=x' is not <cluster>=<namespace>"),
      expect.stringContaining(
        "paasport.io/namespaces (qa): 'Not_Valid' is not a valid namespace",
      ),
      "paasport.io/namespaces: cluster 'dev' is mapped twice",
      expect.stringContaining("'' is not <cluster>=<namespace>"),
    ]);
  });

  it('treats missing annotations as no namespaces', () => {
    expect(parseTeamNamespaces(undefined)).toEqual({
      namespaces: { byCluster: {} },
      problems: [],
    });
  });
});
