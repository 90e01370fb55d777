import { secretManifest } from './secretManifest';

const base = {
  cluster: 'dev',
  namespace: 'storefront',
  secretName: 'cache-web',
  bindingId: 'b-1',
  actingFor: 'user:default/alice',
  credentials: { host: 'redis', port: 6379, password: 'pä"ss' },
  labels: { 'paasport.io/instance': 'cache' },
  annotations: { 'paasport.io/plan': 'redis/small' },
};

const decode = (data: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );

describe('secretManifest', () => {
  it('writes a Service Binding Secret with base64 data and the binding label', () => {
    const manifest = secretManifest({ ...base, type: 'redis' });
    expect(manifest).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'servicebinding.io/redis',
      metadata: {
        name: 'cache-web',
        namespace: 'storefront',
        labels: {
          'paasport.io/instance': 'cache',
          'paasport.io/binding-id': 'b-1',
        },
        annotations: { 'paasport.io/plan': 'redis/small' },
      },
    });
    expect(decode(manifest.data)).toEqual({
      host: 'redis',
      port: '6379',
      password: 'pä"ss',
      type: 'redis',
      provider: 'paasport',
    });
  });

  it('is Opaque without a type, and the binding label cannot be overridden', () => {
    const manifest = secretManifest({
      ...base,
      labels: { 'paasport.io/binding-id': 'someone-else' },
    });
    expect(manifest.type).toBe('Opaque');
    expect(manifest.metadata.labels['paasport.io/binding-id']).toBe('b-1');
    expect(Object.keys(manifest.data)).toEqual(['host', 'port', 'password']);
  });

  it("keeps a provider's own type and provider entries", () => {
    const manifest = secretManifest({
      ...base,
      type: 'kafka',
      credentials: { type: 'custom', provider: 'strimzi' },
    });
    expect(decode(manifest.data)).toEqual({
      type: 'custom',
      provider: 'strimzi',
    });
  });
});
