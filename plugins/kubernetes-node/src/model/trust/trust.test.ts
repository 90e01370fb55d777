import { Entity } from '@backstage/catalog-model';
import path from 'node:path';
import {
  isRegistrationRoot,
  isTrustedOrigin,
  TrustedOrigins,
  trustedOrigins,
  untrustedOriginProblem,
} from './trust';

const trusted = trustedOrigins({
  configLocations: [
    { type: 'file', target: '../../catalog/all.yaml' },
    { type: 'url', target: 'https://git.example.com/org/blob/main/org.yaml' },
  ],
  trustedLocations: [
    'msgraph:',
    'url:https://git.example.com/platform/*',
    'url:https://git.example.com/infra/blob/main/teams.yaml',
  ],
  providerTypes: ['paasport-discovery'],
  resolveFile: target => path.resolve('/srv/paasport/packages/backend', target),
});

const registered =
  'url:https://git.example.com/attacker/repo/blob/main/catalog-info.yaml';

function entity(
  kind: string,
  name: string,
  origin: string | undefined,
  extra: { location?: string; spec?: object } = {},
): Entity {
  const annotations: Record<string, string> = {
    'backstage.io/managed-by-location': extra.location ?? origin ?? '',
  };
  if (origin) annotations['backstage.io/managed-by-origin-location'] = origin;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: extra.spec ?? {},
  };
}

describe('trustedOrigins', () => {
  it('resolves config file targets as the catalog does and keeps url targets', () => {
    expect([...trusted.exact].sort()).toEqual([
      'file:/srv/paasport/catalog/all.yaml',
      'url:https://git.example.com/infra/blob/main/teams.yaml',
      'url:https://git.example.com/org/blob/main/org.yaml',
    ]);
    expect(trusted.prefixes).toEqual([
      'msgraph:',
      'url:https://git.example.com/platform/',
      'paasport-discovery:',
    ]);
  });

  it('resolves file targets against the working directory by default', () => {
    const fromCwd = trustedOrigins({
      configLocations: [{ type: 'file', target: '../../catalog/all.yaml' }],
      trustedLocations: [],
      providerTypes: [],
    });
    expect([...fromCwd.exact]).toEqual([
      `file:${path.resolve('../../catalog/all.yaml')}`,
    ]);
  });
});

describe('isTrustedOrigin', () => {
  const simple: TrustedOrigins = {
    exact: new Set(['file:/srv/catalog/all.yaml']),
    prefixes: ['url:https://git.example.com/platform/', 'file:/srv/org/'],
  };

  it.each([
    ['file:/srv/paasport/catalog/all.yaml', true],
    ['file:/srv/paasport/catalog/other.yaml', false],
    ['url:https://git.example.com/org/blob/main/org.yaml', true],
    ['url:https://git.example.com/org/blob/main/org.yaml?x', false],
    ['msgraph:https://graph.microsoft.com/v1.0', true],
    ['paasport-discovery:dev/payments/Deployment/ledger', true],
    ['url:https://git.example.com/platform/teams/blob/main/all.yaml', true],
    ['url:https://git.example.com/platformx/blob/main/all.yaml', false],
    [registered, false],
  ])('%s → %s', (origin, expected) => {
    expect(isTrustedOrigin(origin, trusted)).toBe(expected);
  });

  it.each([
    'url:https://git.example.com/platform/../attacker/blob/main/x.yaml',
    'url:https://git.example.com/platform/%2e%2e/attacker/blob/main/x.yaml',
    'url:https://git.example.com/platform/x%2F..%2F..%2Fattacker/x.yaml',
    'url:https://git.example.com/platform/x%252e%252e/x.yaml',
    'url:https://git.example.com/platform\\..\\attacker/x.yaml',
    'url:not a url/platform/',
    'file:/srv/org/../tmp/evil.yaml',
    'file:/srv/org//x.yaml',
  ])('does not let %s escape a prefix', origin => {
    expect(
      isTrustedOrigin(origin, {
        exact: new Set(),
        prefixes: [...simple.prefixes, 'url:not a url/'],
      }),
    ).toBe(false);
  });

  it('keeps exact matches exact, whatever their form', () => {
    expect(isTrustedOrigin('file:/srv/catalog/all.yaml', simple)).toBe(true);
    expect(isTrustedOrigin('file:/srv/catalog/./all.yaml', simple)).toBe(false);
    expect(isTrustedOrigin('file:/srv/org/teams.yaml', simple)).toBe(true);
  });
});

describe('isRegistrationRoot', () => {
  const target = registered.slice('url:'.length);

  it('accepts the Location the catalog made from the registration', () => {
    const root = entity('Location', 'generated-1', registered, {
      spec: { type: 'url', target },
    });
    expect(isRegistrationRoot(root, registered)).toBe(true);
  });

  it.each([
    ['another target', { type: 'url', target: `${target}x` }, registered],
    [
      'a second target',
      { type: 'url', target, targets: ['./x.yaml'] },
      registered,
    ],
    [
      'targets only, pointing elsewhere',
      { targets: ['./teams.yaml'] },
      registered,
    ],
    ['another type', { type: 'file', target }, registered],
    [
      'a Location read from another file',
      { type: 'url', target },
      `${registered}.d/nested.yaml`,
    ],
  ])('rejects a Location with %s', (_what, spec, location) => {
    const nested = entity('Location', 'nested', registered, { spec, location });
    expect(isRegistrationRoot(nested, registered)).toBe(false);
  });

  it('only applies to Locations', () => {
    const group = entity('Group', 'x', registered, { spec: { target } });
    expect(isRegistrationRoot(group, registered)).toBe(false);
  });
});

describe('untrustedOriginProblem', () => {
  it.each(['Group', 'User', 'Template', 'Domain', 'Location', 'Cluster'])(
    'accepts a %s from a trusted origin',
    kind => {
      const fromOrg = entity(kind, 'x', 'msgraph:https://graph.microsoft.com');
      expect(untrustedOriginProblem(fromOrg, trusted)).toBeUndefined();
    },
  );

  it.each(['Component', 'API', 'Resource', 'System', 'component'])(
    'accepts a %s from a registered location',
    kind => {
      expect(
        untrustedOriginProblem(entity(kind, 'x', registered), trusted),
      ).toBeUndefined();
    },
  );

  it.each(['Group', 'User', 'Template', 'Domain', 'Cluster', 'group'])(
    'rejects a %s from a registered location, naming kind, entity and origin',
    kind => {
      const problem = untrustedOriginProblem(
        entity(kind, 'payments', registered),
        trusted,
      );
      expect(problem).toBe(
        `${kind} ${kind.toLocaleLowerCase()}:default/payments is rejected: it ` +
          `comes from ${registered}, which is not a trusted catalog location ` +
          '(catalog.locations or paasport.catalog.trustedLocations), and such ' +
          'a location may define only Component, API, Resource, System ' +
          `entities and its own Location, not a ${kind}.`,
      );
    },
  );

  it('accepts the registered Location and rejects a nested one', () => {
    const target = registered.slice('url:'.length);
    const root = entity('Location', 'generated-1', registered, {
      spec: { type: 'url', target },
    });
    const nested = entity('Location', 'more', registered, {
      spec: {
        type: 'url',
        target: 'https://git.example.com/attacker/more.yaml',
      },
    });
    expect(untrustedOriginProblem(root, trusted)).toBeUndefined();
    expect(untrustedOriginProblem(nested, trusted)).toMatch(
      /^Location location:default\/more is rejected: .* and its own Location, not another Location\.$/,
    );
  });

  it('treats an entity without origin as untrusted', () => {
    expect(
      untrustedOriginProblem(entity('Group', 'x', undefined), trusted),
    ).toMatch(/comes from an unknown origin/);
    expect(
      untrustedOriginProblem(entity('Component', 'x', undefined), trusted),
    ).toBeUndefined();
  });
});
