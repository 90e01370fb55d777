import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { EntityScope, KubernetesClusters } from '@paasport/kubernetes-node';
import {
  teamGroup,
  testApplicationModel,
} from '@paasport/kubernetes-node/testUtils';
import { ActingPerson } from './ActingPerson';

const model = testApplicationModel({
  entities: [
    teamGroup('storefront', 'storefront', ['alice']),
    teamGroup('payments', 'payments', ['bob']),
    teamGroup('admins', undefined, ['root']),
  ],
  clusters: new KubernetesClusters([]),
});

const component = (name: string, team: string) => ({
  entityRef: `component:default/${name}`,
  team: `group:default/${team}`,
  matches: () => true,
  namespaces: { dev: team, prod: team },
});

const scope: EntityScope = {
  entityRef: 'system:default/shop',
  entity: {} as Entity,
  components: [component('shop-web', 'storefront')],
  problems: [],
};

const as = async (user: string, of = scope) =>
  new ActingPerson(await model.person(user), model, of);

describe('ActingPerson', () => {
  it("lets a member of the owner team act in the team's namespaces", async () => {
    const alice = await as('user:default/alice');
    expect(() => alice.assertMayActEverywhere()).not.toThrow();
    expect(() =>
      alice.assertMayActIn('dev', 'storefront', 'component:default/shop-web'),
    ).not.toThrow();
    // An object of the whole System: any of its Components' namespaces.
    expect(() =>
      alice.assertMayActIn('prod', 'storefront', 'system:default/shop'),
    ).not.toThrow();
  });

  it('refuses anyone else, naming the team and the namespace; admins may', async () => {
    const bob = await as('user:default/bob');
    expect(() => bob.assertMayActEverywhere()).toThrow(
      new NotAllowedError(
        'user:default/bob is not a member of group:default/storefront, which owns namespace storefront on dev',
      ),
    );
    expect(() => bob.assertMayActIn('prod', 'storefront')).toThrow(
      /not a member of group:default\/storefront/,
    );
    const root = await as('user:default/root');
    expect(root.person.admin).toBe(true);
    expect(() => root.assertMayActEverywhere()).not.toThrow();
  });

  it('refuses namespaces the scope does not hold, even to its team', async () => {
    const alice = await as('user:default/alice');
    expect(() =>
      alice.assertMayActIn('dev', 'payments', 'component:default/shop-web'),
    ).toThrow(
      "component:default/shop-web has no workloads in namespace payments on dev: its team's namespace there is storefront",
    );
    expect(() => alice.assertMayActIn('dev', 'payments')).toThrow(
      'Namespace payments on dev belongs to no team of system:default/shop',
    );
  });

  it("refuses everything of a System when one of its Components is another team's", async () => {
    const mixed = {
      ...scope,
      components: [...scope.components, component('ledger', 'payments')],
    };
    const alice = await as('user:default/alice', mixed);
    expect(() => alice.assertMayActEverywhere()).toThrow(
      /not a member of group:default\/payments, which owns namespace payments on dev/,
    );
  });
});
