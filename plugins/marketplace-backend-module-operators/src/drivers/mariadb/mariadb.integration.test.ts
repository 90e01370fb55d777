import {
  bindingRef,
  instanceRef,
  provisionInput,
  testProvider,
  untilSettled,
} from '../../__testUtils__/providers';
import { MariaDbTestOperator } from '../../__testUtils__/reconcilers/MariaDbTestOperator';
import { useScratchSpace } from '../../__testUtils__/scratchSpace';
import { LABELS, selector } from '../../kube/names';
import { secretValue } from '../../kube/secrets';
import { SECRET, SERVICE, STATEFUL_SET } from '../../kube/types';
import { DATABASE, GRANT, MARIADB, USER } from './manifests';
import { MariaDbDriver } from './MariaDbDriver';

/*
 * operator:mariadb against the dev devcluster with the portal's token. The
 * devcluster installs mariadb-operator's CRDs (packages/devcluster/crds) and the
 * portal's RBAC for them; a test operator plays mariadb-operator. Fails (does
 * not skip) when the clusters are down.
 */
jest.setTimeout(180_000);

const CLUSTER = 'dev';
const TYPES = [MARIADB, DATABASE, USER, GRANT];

describe('operator:mariadb on the devcluster', () => {
  const space = useScratchSpace({
    cluster: CLUSTER,
    types: TYPES,
    operator: (admin, namespace) => new MariaDbTestOperator(admin, namespace),
  });

  it('provisions a server, gives each binding its own user, and removes everything', async () => {
    const provider = testProvider(new MariaDbDriver(), space.clusters);
    // No cluster in the plan: the one the marketplace placed the request on.
    const input = provisionInput({
      namespace: space.namespace,
      offeringId: 'mysql',
      providerOptions: { replicas: 2, storageGi: 5 },
      parameters: { charset: 'latin1' },
      cluster: CLUSTER,
    });
    const started = await provider.provision(input);
    expect(started.phase).toBe('in_progress');
    const ready = await untilSettled(() =>
      provider.getStatus(instanceRef(input, started.operation), 'provision'),
    );
    expect(ready.phase).toBe('ready');
    // The StatefulSet's pods came up (controller-manager + kwok) before Ready.
    expect(ready.seen.join('\n')).toMatch(
      /StatefulSetNotReady|Waiting for mariadb-operator/,
    );
    const [server] = await space.objects.list(MARIADB, {
      namespace: space.namespace,
    });
    const name = server.metadata.name;
    expect(
      (await space.objects.get(DATABASE, space.namespace, name))!.spec,
    ).toMatchObject({
      name: 'app',
      characterSet: 'latin1',
    });

    // Later calls find the instance by label, as after a restart.
    const restarted = testProvider(new MariaDbDriver(), space.clusters);
    const first = bindingRef(input);
    const second = bindingRef(input);
    const c1 = (await untilSettled(() => restarted.bind(first))).credentials!;
    const c2 = (await untilSettled(() => restarted.bind(second))).credentials!;
    expect(c1).toEqual({
      host: `${name}-primary.${space.namespace}.svc.cluster.local`,
      port: 3306,
      username: expect.stringMatching(new RegExp(`^${name}-[0-9a-f]{8}$`)),
      password: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      database: 'app',
      uri: `mysql://${c1.username}:${c1.password}@${name}-primary.${space.namespace}.svc.cluster.local:3306/app`,
    });
    expect(c2.username).not.toBe(c1.username);
    expect(c2.password).not.toBe(c1.password);
    const user = await space.objects.get(
      USER,
      space.namespace,
      String(c1.username),
    );
    const passwordRef = (user!.spec as any).passwordSecretKeyRef;
    expect(
      secretValue(
        await space.objects.get(SECRET, space.namespace, passwordRef.name),
        passwordRef.key,
      ),
    ).toBe(c1.password);
    expect(
      (await space.objects.get(GRANT, space.namespace, String(c1.username)))!
        .spec,
    ).toMatchObject({
      username: c1.username,
      database: 'app',
      table: '*',
      grantOption: false,
    });
    expect(await restarted.fetchCredentials(first)).toEqual(c1);

    expect((await untilSettled(() => restarted.unbind(first))).phase).toBe(
      'gone',
    );
    for (const type of [USER, GRANT]) {
      expect(
        await space.objects.get(type, space.namespace, String(c1.username)),
      ).toBeUndefined();
    }
    expect(
      await space.objects.get(SECRET, space.namespace, passwordRef.name),
    ).toBeUndefined();

    // Forced deprovision with a binding left: its user is dropped while the
    // server still runs (the finalizers need it), then the schema, then the server.
    const gone = await untilSettled(previous =>
      previous
        ? restarted.getStatus(
            instanceRef(input, previous.operation),
            'deprovision',
          )
        : restarted.deprovision(instanceRef(input)),
    );
    expect(gone.phase).toBe('gone');
    const order = gone.seen.join('\n');
    expect(order.indexOf('Deleting Grant')).toBeLessThan(
      order.indexOf('Deleting Database'),
    );
    expect(order.indexOf('Deleting Database')).toBeLessThan(
      order.indexOf('Deleting MariaDB'),
    );
    expect(await restarted.verifyGone(instanceRef(input, gone.operation))).toBe(
      true,
    );
    const left = await Promise.all(
      [...TYPES, SECRET].map(type =>
        space.objects.list(type, {
          namespace: space.namespace,
          labelSelector: selector({ [LABELS.instance]: input.instanceId }),
        }),
      ),
    );
    expect(left.flat()).toEqual([]);
    // What the operator made went with the server (owner references).
    expect(
      await space.objects.get(STATEFUL_SET, space.namespace, name),
    ).toBeUndefined();
    expect(
      await space.objects.get(SERVICE, space.namespace, `${name}-primary`),
    ).toBeUndefined();
    expect(
      await space.objects.get(SECRET, space.namespace, `${name}-root`),
    ).toBeUndefined();
    expect(space.operator.errors).toEqual([]);
  });
});
