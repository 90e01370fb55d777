import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  KubernetesClusters,
  readTrustedOrigins,
} from '@paasport/kubernetes-node';
import {
  tenancyTestConfig,
  teamGroup,
  testApplicationModel,
} from '@paasport/kubernetes-node/testUtils';
import { DryRunRegistrants } from '../registrations/DryRunRegistrants';
import { LocationRegistration } from '../registrations/types';
import { RegisteredOwnerProcessor } from './RegisteredOwnerProcessor';

const registered = 'url:https://git.example.com/blue/web/catalog-info.yaml';

const component = (owner: string, origin = registered): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': origin,
      'backstage.io/managed-by-origin-location': origin,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

function setup(registrations: Record<string, Partial<LocationRegistration>>) {
  const dryRuns = new DryRunRegistrants();
  const processor = new RegisteredOwnerProcessor({
    trusted: () => readTrustedOrigins(new ConfigReader(tenancyTestConfig)),
    registrations: {
      find: async ref =>
        registrations[ref] &&
        ({ confirmed: true, ...registrations[ref] } as LocationRegistration),
    },
    dryRuns,
    model: testApplicationModel({
      entities: [
        teamGroup('blue', 'blue', ['alice']),
        teamGroup('red', 'red', ['bob']),
        teamGroup('admins', undefined, ['carol']),
        // From a registered location: not a team, whatever it claims.
        teamGroup('green', 'green', ['alice'], registered),
      ],
      clusters: new KubernetesClusters([]),
    }),
  });
  const process = (entity: Entity) =>
    processor.postProcessEntity(
      entity,
      { type: 'url', target: registered.slice(4) },
      jest.fn(),
    );
  return { process, dryRuns };
}

describe('RegisteredOwnerProcessor', () => {
  it("passes what the registrant's team owns, also while unconfirmed", async () => {
    const { process } = setup({
      [registered]: { userEntityRef: 'user:default/alice', confirmed: false },
    });
    const entity = component('blue');
    await expect(process(entity)).resolves.toBe(entity);
  });

  it("rejects another team's Component, naming owner, registrant and teams", async () => {
    const { process } = setup({
      [registered]: { userEntityRef: 'user:default/alice' },
    });
    await expect(process(component('group:default/red'))).rejects.toMatchObject(
      {
        name: 'InputError',
        message: expect.stringContaining(
          'its owner group:default/red is not a team of user:default/alice, ' +
            `who registered ${registered} (their teams: group:default/blue)`,
        ),
      },
    );
  });

  it('lets an admin register for any team', async () => {
    const { process } = setup({
      [registered]: { userEntityRef: 'user:default/carol' },
    });
    await expect(process(component('red'))).resolves.toBeDefined();
    await expect(process(component('admins'))).rejects.toThrow(
      /its owner group:default\/admins is not a team Paasport knows/,
    );
  });

  it('does not take a Group from a registered location for a team', async () => {
    const { process } = setup({
      [registered]: { userEntityRef: 'user:default/alice' },
    });
    await expect(process(component('green'))).rejects.toThrow(
      /its owner group:default\/green is not a team Paasport knows/,
    );
  });

  it('rejects a registered location nobody is recorded for', async () => {
    const { process } = setup({});
    await expect(process(component('blue'))).rejects.toThrow(
      /has no record of who registered it/,
    );
  });

  it('takes the person dry-running this location as the registrant, only in that run', async () => {
    const { process, dryRuns } = setup({});
    const entity = component('blue');
    await expect(
      dryRuns.run(
        { locationRef: registered, userEntityRef: 'user:default/alice' },
        () => process(entity),
      ),
    ).resolves.toBe(entity);
    await expect(
      dryRuns.run(
        { locationRef: registered, userEntityRef: 'user:default/bob' },
        () => process(entity),
      ),
    ).rejects.toThrow(/is not a team of user:default\/bob/);
    await expect(
      dryRuns.run(
        { locationRef: `${registered}x`, userEntityRef: 'user:default/alice' },
        () => process(entity),
      ),
    ).rejects.toThrow(/has no record/);
    await expect(process(entity)).rejects.toThrow(/has no record/);
  });

  it('leaves entities of trusted origins alone', async () => {
    const { process } = setup({});
    const entity = component('anyone', 'url:https://paasport.test/org.yaml');
    await expect(process(entity)).resolves.toBe(entity);
  });
});
