import { ConfigReader } from '@backstage/config';
import { readKubernetesClusterConfigs } from './config';

function read(clusters: unknown[], extra: object = {}) {
  return readKubernetesClusterConfigs(
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          { type: 'config', clusters },
        ],
      },
      ...extra,
    } as ConstructorParameters<typeof ConfigReader>[0]),
  );
}

const base = {
  name: 'dev',
  url: 'https://127.0.0.1:16043/',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'token-1',
  caData: 'Y2E=',
};

describe('readKubernetesClusterConfigs', () => {
  it('reads service account clusters and joins paasport.clusters', () => {
    expect(
      read([base], {
        paasport: {
          clusters: { dev: { prometheusUrl: 'http://127.0.0.1:16090/' } },
        },
      }),
    ).toEqual([
      {
        name: 'dev',
        url: 'https://127.0.0.1:16043',
        auth: { type: 'bearerToken', token: 'token-1' },
        caData: 'Y2E=',
        skipTLSVerify: false,
        prometheusUrl: 'http://127.0.0.1:16090',
      },
    ]);
  });

  it('reads credentials from authMetadata as Backstage does', () => {
    const [viaMetadata] = read([
      {
        name: 'a',
        url: 'https://a.example.com',
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: 'from-metadata',
        },
      },
    ]);
    expect(viaMetadata.auth).toEqual({
      type: 'bearerToken',
      token: 'from-metadata',
    });
  });

  it('reads client certificates', () => {
    const [cluster] = read([
      {
        name: 'certs',
        url: 'https://certs.example.com',
        authProvider: 'x509',
        authMetadata: { clientCertData: 'Y2VydA==', clientKeyData: 'a2V5' },
      },
    ]);
    expect(cluster.auth).toEqual({
      type: 'clientCertificate',
      certData: 'Y2VydA==',
      keyData: 'a2V5',
    });
  });

  it('returns no clusters when kubernetes is not configured', () => {
    expect(readKubernetesClusterConfigs(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    ['a missing url', { ...base, url: undefined }, /clusters\[0\]: url: /],
    ['a bad url', { ...base, url: 'ftp://x' }, /url: must be an http\(s\) URL/],
    [
      'http without skipTLSVerify',
      { ...base, url: 'http://127.0.0.1:8080' },
      /\('dev'\): plain http URLs need skipTLSVerify: true/,
    ],
    [
      'no auth provider',
      { ...base, authProvider: undefined },
      /no auth provider/,
    ],
    [
      'a provider without static credentials',
      { name: 'gke', url: 'https://gke.example.com', authProvider: 'google' },
      /authProvider 'google' has no static credentials/,
    ],
    [
      'a certificate without key',
      {
        ...base,
        serviceAccountToken: undefined,
        clientCertData: 'Y2VydA==',
      },
      /need both clientCertData and clientKeyData/,
    ],
    [
      'a missing caFile',
      { ...base, caFile: '/nonexistent/ca.crt' },
      /caFile \/nonexistent\/ca.crt does not exist/,
    ],
  ])('rejects %s with a clear message', (_what, cluster, message) => {
    expect(() => read([cluster])).toThrow(message);
  });

  it('rejects duplicate names and unknown paasport.clusters entries', () => {
    expect(() => read([base, base])).toThrow(
      "Duplicate cluster name 'dev' at kubernetes.clusterLocatorMethods[1].clusters[1]",
    );
    expect(() =>
      read([base], { paasport: { clusters: { qa: { prometheusUrl: 'x' } } } }),
    ).toThrow('Invalid paasport.clusters: qa.prometheusUrl');
    expect(() =>
      read([base], {
        paasport: { clusters: { qa: { prometheusUrl: 'http://p:9090' } } },
      }),
    ).toThrow('paasport.clusters.qa names no cluster');
  });
});
