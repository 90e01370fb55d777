import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { teamGroup, tenancyTestConfig } from '../testUtils';
import { TeamDirectory } from './TeamDirectory';
import { readTrustedOrigins } from './trust/config';

const USER_LOCATION = 'url:https://git.example.com/someone/catalog-info.yaml';

function directory(entities: any[]) {
  return new TeamDirectory({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    trust: readTrustedOrigins(new ConfigReader(tenancyTestConfig)),
  });
}

const user = (name: string, memberOf: string[], origin: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/managed-by-origin-location': origin },
  },
  spec: { memberOf },
});

describe('TeamDirectory', () => {
  it('takes teams and members from trusted Groups only', async () => {
    const teams = directory([
      teamGroup('storefront', 'storefront', ['guest']),
      teamGroup('payments', 'payments', ['bob']),
      // The forgery of the tenancy issue: a Group from a user's location.
      teamGroup('payments-admins', 'payments', ['guest'], USER_LOCATION),
    ]);
    expect((await teams.teams()).map(t => t.ref).sort()).toEqual([
      'group:default/payments',
      'group:default/storefront',
    ]);
    expect([...(await teams.groupsOf('user:default/guest'))]).toEqual([
      'group:default/storefront',
    ]);
  });

  it('never takes a Group of another catalog namespace for a team of default', async () => {
    const other = teamGroup('storefront', 'storefront', ['mallory']);
    other.metadata.namespace = 'other';
    const teams = directory([
      teamGroup('storefront', 'storefront', ['guest']),
      other,
    ]);
    expect(await teams.team('group:other/storefront')).toMatchObject({
      ref: 'group:other/storefront',
      label: 'other.storefront',
    });
    expect(await teams.team('group:default/storefront')).toMatchObject({
      label: 'storefront',
    });
    // Member names resolve in the Group's own catalog namespace.
    expect([...(await teams.groupsOf('user:other/mallory'))]).toEqual([
      'group:other/storefront',
    ]);
    expect([...(await teams.groupsOf('user:default/mallory'))]).toEqual([]);
  });

  it("counts a User's own memberOf only when the User is trusted", async () => {
    const teams = directory([
      teamGroup('payments', 'payments', []),
      teamGroup('storefront', 'storefront', []),
      user('eve', ['payments'], USER_LOCATION),
      user(
        'dora',
        ['storefront', 'group:default/unknown'],
        'url:https://paasport.test/org.yaml',
      ),
    ]);
    expect([...(await teams.groupsOf('user:default/eve'))]).toEqual([]);
    expect([...(await teams.groupsOf('user:default/dora'))]).toEqual([
      'group:default/storefront',
    ]);
  });
});
