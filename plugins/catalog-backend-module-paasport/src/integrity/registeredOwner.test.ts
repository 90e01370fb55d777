import { JsonValue } from '@backstage/types';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { readTrustedOrigins } from '@paasport/kubernetes-node';
import {
  needsRegistrant,
  registeredOwnerProblem,
  unregisteredProblem,
} from './registeredOwner';

const registered = 'url:https://git.example.com/blue/web/catalog-info.yaml';
const admin = 'url:https://git.example.com/platform/org.yaml';
const trusted = readTrustedOrigins(
  new ConfigReader({
    catalog: { locations: [{ type: 'url', target: admin.slice(4) }] },
  }),
);

const entity = (
  kind: string,
  owner: JsonValue | undefined,
  origin = registered,
  namespace = 'default',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name: 'web',
    namespace,
    annotations: {
      'backstage.io/managed-by-location': origin,
      'backstage.io/managed-by-origin-location': origin,
    },
  },
  spec: { owner },
});

const alice = {
  userEntityRef: 'user:default/alice',
  groups: new Set(['group:default/blue']),
  admin: false,
};

describe('needsRegistrant', () => {
  it.each(['Component', 'API', 'resource', 'System'])(
    'holds for a %s of a registered location',
    kind => {
      expect(needsRegistrant(entity(kind, 'blue'), trusted)).toBe(true);
    },
  );

  it('does not hold for a trusted origin, nor for kinds the trust rule decides', () => {
    expect(needsRegistrant(entity('Component', 'blue', admin), trusted)).toBe(
      false,
    );
    // The registration's own Location has no owner; a Group is rejected by
    // the trust rule before this check.
    expect(needsRegistrant(entity('Location', undefined), trusted)).toBe(false);
    expect(needsRegistrant(entity('Group', undefined), trusted)).toBe(false);
  });
});

describe('registeredOwnerProblem', () => {
  it('accepts an owner team of the registrant, written short or in full', () => {
    expect(
      registeredOwnerProblem(entity('Component', 'blue'), {
        ownerTeam: 'group:default/blue',
        registrant: alice,
        registrantTeams: ['group:default/blue'],
      }),
    ).toBeUndefined();
    expect(
      registeredOwnerProblem(entity('System', 'group:default/Blue'), {
        ownerTeam: 'group:default/Blue',
        registrant: alice,
        registrantTeams: ['group:default/blue'],
      }),
    ).toBeUndefined();
  });

  it('names the owner, the registrant and their teams for another team', () => {
    expect(
      registeredOwnerProblem(entity('Component', 'red'), {
        ownerTeam: 'group:default/red',
        registrant: alice,
        registrantTeams: ['group:default/blue'],
      }),
    ).toBe(
      'Component component:default/web is rejected: its owner group:default/red ' +
        `is not a team of user:default/alice, who registered ${registered} ` +
        '(their teams: group:default/blue). A registered location may only ' +
        'bring entities owned by a team its registrant belongs to.',
    );
  });

  it('lets an admin register any team, but only a team', () => {
    const carol = {
      userEntityRef: 'user:default/carol',
      groups: new Set(['group:default/admins']),
      admin: true,
    };
    expect(
      registeredOwnerProblem(entity('API', 'red'), {
        ownerTeam: 'group:default/red',
        registrant: carol,
        registrantTeams: [],
      }),
    ).toBeUndefined();
    expect(
      registeredOwnerProblem(entity('API', 'user:carol'), {
        registrant: carol,
        registrantTeams: [],
      }),
    ).toBe(
      'API api:default/web is rejected: its owner user:default/carol is not ' +
        'a team Paasport knows (a Group from an admin-controlled catalog ' +
        `location that names its namespaces); user:default/carol registered ${registered} ` +
        '(they belong to no team). A registered location may only bring ' +
        'entities owned by a team its registrant belongs to.',
    );
  });

  it('resolves the owner in the entity namespace: group:other/blue is not blue', () => {
    expect(
      registeredOwnerProblem(entity('Component', 'blue', registered, 'other'), {
        registrant: alice,
        registrantTeams: ['group:default/blue'],
      }),
    ).toMatch(
      /^Component component:other\/web is rejected: its owner group:other\/blue is not a team Paasport knows/,
    );
  });

  it('quotes an owner that is not a ref', () => {
    expect(
      registeredOwnerProblem(entity('Component', { $text: 'x' }), {
        registrant: alice,
        registrantTeams: ['group:default/blue'],
      }),
    ).toContain("its owner '[object Object]' is not a team");
  });
});

describe('unregisteredProblem', () => {
  it('says what happened and how to fix it', () => {
    expect(unregisteredProblem(entity('Component', 'blue'))).toBe(
      `Component component:default/web is rejected: it comes from ${registered}, ` +
        'which is not a trusted catalog location, and Paasport has no record ' +
        'of who registered it: it was registered before Paasport recorded ' +
        'registrations, or not by a signed-in person through the catalog API ' +
        '(POST /api/catalog/locations). Re-register it: unregister the ' +
        'location and register it again.',
    );
  });
});
