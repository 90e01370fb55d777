import { mockServices } from '@backstage/backend-test-utils';
import type { CoreV1Api } from '@kubernetes/client-node';
import { ProviderError } from '@paasport/plugin-marketplace-node';
import { randomUUID } from 'node:crypto';
import { devcluster, readSecret } from '../__testUtils__/devcluster';
import { KubernetesSecretDelivery } from './KubernetesSecretDelivery';

// Runs against the local clusters (packages/devcluster); fails if they are down.
jest.setTimeout(60_000);

describe('KubernetesSecretDelivery on the devcluster', () => {
  let delivery: KubernetesSecretDelivery;
  let admin: CoreV1Api;
  const suffix = randomUUID().slice(0, 8);
  const name = `it-cache-${suffix}`;
  const bindingId = randomUUID();
  // A team namespace where the portal may write Secrets but not read them.
  const writeOnly = `mkt-it-${suffix}`;

  const request = (overrides: object = {}) => ({
    cluster: 'dev',
    namespace: 'storefront',
    secretName: name,
    bindingId,
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
    delivery = new KubernetesSecretDelivery(
      dc.clusters,
      mockServices.logger.mock(),
    );
    admin = await dc.admin('dev');
    await admin.createNamespace({
      body: {
        metadata: { name: writeOnly, labels: { 'paasport.io/team': 'it' } },
      },
    });
  });

  afterAll(async () => {
    await admin
      ?.deleteNamespacedSecret({ namespace: 'storefront', name })
      .catch(() => undefined);
    await admin?.deleteNamespace({ name: writeOnly }).catch(() => undefined);
  });

  it('applies the Secret server-side with labels, type and data, and updates it', async () => {
    await delivery.deliver(request());
    const first = (await readSecret(admin, 'storefront', name))!;
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
    const second = (await readSecret(admin, 'storefront', name))!;
    expect(second.data).toEqual({
      host: '127.0.0.1',
      port: '6379',
      password: 'p2',
      type: 'redis',
      provider: 'paasport',
    });
    expect(second.secret.metadata?.uid).toBe(first.secret.metadata?.uid);
  });

  it("never overwrites or deletes a Secret that is not the binding's", async () => {
    const other = randomUUID();
    const error = await delivery
      .deliver(request({ bindingId: other }))
      .catch(e => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/already exists and does not belong/);
    await delivery.remove({ ...request(), bindingId: other });
    expect((await readSecret(admin, 'storefront', name))!.data.password).toBe(
      'p2',
    );
  });

  it('removes the Secret and verifies it is gone; removing again succeeds', async () => {
    await delivery.remove(request());
    expect(await readSecret(admin, 'storefront', name)).toBeUndefined();
    await expect(delivery.remove(request())).resolves.toBeUndefined();
  });

  it('works where the portal may write but not read Secrets', async () => {
    const portal = (await devcluster()).clusters.get('dev')!;
    const portalCore = await portal.api(k8s => k8s.CoreV1Api);
    await expect(
      portalCore.listNamespacedSecret({ namespace: writeOnly }),
    ).rejects.toMatchObject({ code: 403 });

    const target = request({ namespace: writeOnly });
    await delivery.deliver(target);
    await delivery.deliver(target); // idempotent
    expect((await readSecret(admin, writeOnly, name))!.data.password).toBe(
      'p1',
    );

    // A foreign Secret is recognised without read access too.
    await admin.createNamespacedSecret({
      namespace: writeOnly,
      body: { metadata: { name: 'foreign' }, stringData: { password: 'x' } },
    });
    await expect(
      delivery.deliver(
        request({ namespace: writeOnly, secretName: 'foreign' }),
      ),
    ).rejects.toThrow(/does not belong/);
    await delivery.remove({ ...target, secretName: 'foreign' });
    expect(await readSecret(admin, writeOnly, 'foreign')).toBeDefined();

    await delivery.remove(target);
    expect(await readSecret(admin, writeOnly, name)).toBeUndefined();
  });

  it('fails for good on a missing namespace, a system namespace or an unknown cluster', async () => {
    const missing = await delivery
      .deliver(request({ namespace: `absent-${suffix}` }))
      .catch(e => e);
    expect(missing).toMatchObject({ retryable: false });
    expect(missing.message).toMatch(/namespace does not exist/);

    const system = await delivery
      .deliver(request({ namespace: 'kube-system' }))
      .catch(e => e);
    expect(system).toMatchObject({ retryable: false });
    expect(system.message).toMatch(/403/);

    await expect(
      delivery.deliver(request({ cluster: 'stage' })),
    ).rejects.toThrow(/Cluster 'stage' is not configured/);
    // Nothing leaked into error messages.
    expect(`${missing.message}${system.message}`).not.toContain('p1');
  });
});
