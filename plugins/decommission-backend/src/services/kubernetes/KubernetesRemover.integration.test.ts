import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { readAuditEvents, readDevclusterConfig } from '@paasport/devcluster';
import {
  ApplicationModel,
  EntityScope,
  KubernetesClusters,
} from '@paasport/kubernetes-node';
import {
  teamGroup,
  testApplicationModel,
} from '@paasport/kubernetes-node/testUtils';
import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import {
  adminClients,
  AdminClients,
  deleteNamespace,
} from '../../__testUtils__/scratchApp';
import {
  createTeamNamespace,
  scratchConfigMaps,
  teamComponent,
} from '../../__testUtils__/teamNamespace';
import { ActingPerson } from '../scope/ActingPerson';
import { KubernetesRemover } from './KubernetesRemover';
import { FIELD_MANAGER } from './planItems';

/*
 * The removal step on the dev cluster, as a person: exact deletes by uid,
 * the portal's own check of the team boundary, and the cluster's RBAC
 * behind it when that check is skipped.
 */
jest.setTimeout(120_000);

const id = `${Date.now().toString(36)}${Math.random()
  .toString(36)
  .slice(2, 5)}`;
const team = `decom-rm-${id}`;
const other = `decom-rmo-${id}`;
const componentRef = 'component:default/svc';
const component = teamComponent(team);

describe('KubernetesRemover on the dev cluster', () => {
  let admin: AdminClients;
  let model: ApplicationModel;
  let remover: KubernetesRemover;
  let scope: EntityScope;

  beforeAll(async () => {
    admin = await adminClients('dev');
    await createTeamNamespace(admin, team, team);
    await createTeamNamespace(admin, other, other);
    const clusters = KubernetesClusters.fromConfig(
      new ConfigReader(readDevclusterConfig().data),
    );
    model = testApplicationModel({
      entities: [
        teamGroup(team, team, ['alice']),
        teamGroup(other, other, ['bob']),
        component,
      ],
      clusters,
    });
    remover = new KubernetesRemover({
      model,
      grantRoles: {
        namespaced: ['tekton-triggers-eventlistener-roles', 'paasport-team'],
        cluster: 'tekton-triggers-eventlistener-clusterroles',
      },
      goneWaitMs: 10_000,
      pollMs: 200,
    });
    scope = await model.scopeOf(componentRef, mockCredentials.user());
    if (scope.components[0]?.namespaces.dev !== team) {
      throw new Error(
        `The model did not verify namespace ${team}: ${scope.problems}`,
      );
    }
  });

  afterAll(async () => {
    await deleteNamespace(admin, team);
    await deleteNamespace(admin, other);
  });

  const { create: createConfigMap, uidOf } = scratchConfigMaps(
    () => admin,
    team,
  );

  const target = (name: string, uid: string) => ({
    type: 'kubernetes' as const,
    cluster: 'dev',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: team,
    name,
    uid,
  });

  const acting = async (user: string) =>
    new ActingPerson(await model.person(user), model, scope);

  it('deletes as the person, only the object the preview saw', async () => {
    const since = new Date(Date.now() - 1000);
    const seen = await createConfigMap('config');
    // Replaced after the preview: same name, new object.
    await admin.core.deleteNamespacedConfigMap({
      name: 'config',
      namespace: team,
    });
    const replacement = await createConfigMap('config');

    await expect(
      remover.remove(
        target('config', seen),
        await acting('user:default/alice'),
        componentRef,
      ),
    ).rejects.toThrow(
      `ConfigMap ${team}/config on dev was replaced by a new object since the preview ` +
        `(which saw uid ${seen}); it was not deleted. Preview the decommission again to remove the new one`,
    );
    expect(await uidOf('config')).toBe(replacement);

    expect(
      await remover.remove(
        target('config', replacement),
        await acting('user:default/alice'),
        componentRef,
      ),
    ).toBe('deleted');
    expect(await uidOf('config')).toBeUndefined();

    // The cluster saw both deletes as alice, with her team.
    const deletes = await eventually(
      async () => {
        const found = readAuditEvents('dev', since).filter(
          e =>
            e.stage === 'ResponseComplete' &&
            e.verb === 'delete' &&
            e.objectRef?.namespace === team &&
            e.impersonatedUser,
        );
        return found.length >= 2 && found;
      },
      10_000,
      'the audit events of the deletes',
    );
    expect(
      deletes.map(e => [e.impersonatedUser?.username, e.responseStatus?.code]),
    ).toEqual([
      ['paasport:user:default/alice', 409],
      ['paasport:user:default/alice', 200],
    ]);
  });

  it('refuses a member of another team before the cluster, and the cluster refuses them too', async () => {
    const uid = await createConfigMap('kept');
    const bob = await acting('user:default/bob');
    const refusal = remover.remove(target('kept', uid), bob, componentRef);
    await expect(refusal).rejects.toThrow(NotAllowedError);
    await expect(refusal).rejects.toThrow(
      `user:default/bob is not a member of group:default/${team}, which owns namespace ${team} on dev`,
    );
    // Were the portal's check ever wrong, the cluster still says no.
    const asBob = model.objectsFor('dev', bob.person, FIELD_MANAGER);
    await expect(
      asBob.delete({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: team,
        name: 'kept',
        uid,
      }),
    ).rejects.toThrow(/refused by the cluster/);
    expect(await uidOf('kept')).toBe(uid);
  });
});
