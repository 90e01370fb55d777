import { mockServices } from '@backstage/backend-test-utils';
import type { CoreV1Api } from '@kubernetes/client-node';
import {
  teamGroup,
  testApplicationModel,
} from '@paasport/kubernetes-node/testUtils';
import { ProviderError } from '@paasport/plugin-marketplace-node';
import { randomUUID } from 'node:crypto';
import {
  createTeamNamespace,
  deleteNamespace,
  devcluster,
  PORTAL_USER,
  readSecret,
  secretWrites,
} from '../__testUtils__/devcluster';
import { KubernetesSecretDelivery } from './KubernetesSecretDelivery';

// Runs against the local clusters (packages/devcluster); fails if they are down.
jest.setTimeout(90_000);

const ANN = 'user:default/ann';
const BEN = 'user:default/ben';

/**
 * The delivery as the processor uses it: as the person recorded with the
 * binding, through the portal's token with impersonation, into scratch
 * namespaces of two teams made as Paasport makes team namespaces.
 */
describe('KubernetesSecretDelivery on the devcluster', () => {
  let delivery: KubernetesSecretDelivery;
  let admin: CoreV1Api;
  let own = '';
  let other = '';
  const suffix = randomUUID().slice(0, 8);
  const name = `it-cache-${suffix}`;
  const bindingId = randomUUID();
  const started = new Date();

  const request = (overrides: object = {}) => ({
    cluster: 'dev',
    namespace: own,
    secretName: name,
    bindingId,
    actingFor: ANN,
    credentials: {
      host: '127.0.0.1',
      port: 6379,
      username: 'u1',
      password: 'p1',
      uri: 'redis://u1:p1@127.0.0.1:6379',
    },
    labels: { 'paasport.io/instance': 'it-cache' },
    annotations: { 'paasport.io/plan': 'redis/small' },
    type: 'redis',
    ...overrides,
  });

  beforeAll(async () => {
    const dc = await devcluster();
    own = await createTeamNamespace('dev', 'mkt-deliver-a');
    other = await createTeamNamespace('dev', 'mkt-deliver-b');
    const model = testApplicationModel({
      entities: [
        teamGroup('mkt-deliver-a', own, ['ann']),
        teamGroup('mkt-deliver-b', other, ['ben']),
      ],
      clusters: dc.clusters,
    });
    delivery = new KubernetesSecretDelivery(
      model,
      dc.clusters,
      mockServices.logger.mock(),
    );
    admin = await dc.admin('dev');
  });

  afterAll(async () => {
    for (const namespace of [own, other]) {
      if (namespace) await deleteNamespace('dev', namespace);
    }
  });

  it('applies the Secret server-side as the person, with labels, type and data, and updates it', async () => {
    await delivery.deliver(request());
    const first = (await readSecret(admin, own, name))!;
    expect(first.secret.type).toBe('servicebinding.io/redis');
    expect(first.secret.metadata?.labels).toEqual({
      'paasport.io/instance': 'it-cache',
      'paasport.io/binding-id': bindingId,
    });
    expect(first.secret.metadata?.annotations).toEqual({
      'paasport.io/plan': 'redis/small',
    });
    expect(first.data).toEqual({
      host: '127.0.0.1',
      port: '6379',
      username: 'u1',
      password: 'p1',
      uri: 'redis://u1:p1@127.0.0.1:6379',
      type: 'redis',
      provider: 'paasport',
    });
    expect(
      first.secret.metadata?.managedFields?.map(f => [f.manager, f.operation]),
    ).toEqual([['paasport-marketplace', 'Apply']]);

    // New credentials without `uri`: applied values win, the dropped key goes.
    await delivery.deliver(
      request({
        credentials: { host: '127.0.0.1', port: 6379, password: 'p2' },
      }),
    );
    const second = (await readSecret(admin, own, name))!;
    expect(second.data).toEqual({
      host: '127.0.0.1',
      port: '6379',
      password: 'p2',
      type: 'redis',
      provider: 'paasport',
    });
    expect(second.secret.metadata?.uid).toBe(first.secret.metadata?.uid);

    // The apiserver saw the person, through the portal, on every write.
    const writes = await secretWrites(
      'dev',
      started,
      { namespace: own, name },
      w => w.length >= 2,
    );
    expect(writes).toEqual([
      `patch by ${PORTAL_USER} as paasport:user:default/ann`,
      `patch by ${PORTAL_USER} as paasport:user:default/ann`,
    ]);
  });

  it("never overwrites or deletes a Secret that is not the binding's", async () => {
    const foreign = randomUUID();
    const error = await delivery
      .deliver(request({ bindingId: foreign }))
      .catch(e => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/already exists and does not belong/);
    await delivery.remove({ ...request(), bindingId: foreign });
    expect((await readSecret(admin, own, name))!.data.password).toBe('p2');
  });

  it('removes exactly the Secret it read, as the person, and verifies it is gone; removing again succeeds', async () => {
    await delivery.remove(request());
    expect(await readSecret(admin, own, name)).toBeUndefined();
    await expect(delivery.remove(request())).resolves.toBeUndefined();
    const writes = await secretWrites(
      'dev',
      started,
      { namespace: own, name },
      w => w.some(x => x.startsWith('delete')),
    );
    expect(writes.filter(w => w.startsWith('delete'))).toEqual([
      `delete by ${PORTAL_USER} as paasport:user:default/ann`,
    ]);
    // The portal never wrote this Secret as itself.
    expect(writes.every(w => w.includes(' as paasport:user:'))).toBe(true);
  });

  it("refuses, for good, to write or delete in another team's namespace, and the cluster is left alone", async () => {
    // The portal's checks placed nothing there; this is the cluster's own
    // refusal if they ever did: ann is no member of mkt-deliver-b.
    const intruding = await delivery
      .deliver(request({ namespace: other }))
      .catch(e => e);
    expect(intruding).toBeInstanceOf(ProviderError);
    expect(intruding).toMatchObject({ retryable: false });
    expect(intruding.message).toMatch(/403/);
    expect(intruding.message).toContain('paasport:user:default/ann');
    expect(await readSecret(admin, other, name)).toBeUndefined();

    // ben's own Secret there stays, whatever ann asks.
    await delivery.deliver(request({ namespace: other, actingFor: BEN }));
    await expect(
      delivery.remove(request({ namespace: other })),
    ).rejects.toMatchObject({ retryable: false });
    expect((await readSecret(admin, other, name))!.data.password).toBe('p1');
    await delivery.remove(request({ namespace: other, actingFor: BEN }));
    expect(await readSecret(admin, other, name)).toBeUndefined();
  });

  it('fails for good on a missing namespace, a system namespace, an unknown cluster or nobody to act for', async () => {
    const missing = await delivery
      .deliver(request({ namespace: `absent-${suffix}` }))
      .catch(e => e);
    expect(missing).toMatchObject({ retryable: false });
    // No RoleBinding where there is no namespace: the person may not even look.
    expect(missing.message).toMatch(/HTTP (403|404)/);

    const system = await delivery
      .deliver(request({ namespace: 'kube-system' }))
      .catch(e => e);
    expect(system).toMatchObject({ retryable: false });
    expect(system.message).toMatch(/403/);

    // Removing from a namespace that is gone (decommissioned) is done.
    await expect(
      delivery.remove(request({ namespace: `absent-${suffix}` })),
    ).resolves.toBeUndefined();

    await expect(
      delivery.deliver(request({ cluster: 'stage' })),
    ).rejects.toThrow(/Cluster 'stage' is not configured/);
    await expect(delivery.deliver(request({ actingFor: '' }))).rejects.toThrow(
      /records nobody to write its Secret for/,
    );
    // Nothing leaked into error messages.
    expect(`${missing.message}${system.message}`).not.toContain('p1');
  });
});
