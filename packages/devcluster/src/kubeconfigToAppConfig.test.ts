import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

// scripts/kubeconfig-to-app-config.js puts `./paasport start` on the user's clusters.
// eslint-disable-next-line no-restricted-syntax
const script = path.resolve(
  __dirname,
  '../../../scripts/kubeconfig-to-app-config.js',
);

function run(kubeconfig: object) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-'));
  fs.writeFileSync(path.join(dir, 'token'), 'file-token\n');
  fs.writeFileSync(path.join(dir, 'ca.crt'), 'CA PEM');
  fs.writeFileSync(path.join(dir, 'config'), YAML.stringify(kubeconfig));
  const out = path.join(dir, 'out.yaml');
  const result = spawnSync('node', [script, out], {
    env: { ...process.env, KUBECONFIG: path.join(dir, 'config') },
    encoding: 'utf8',
  });
  const config = fs.existsSync(out)
    ? YAML.parse(fs.readFileSync(out, 'utf8'))
    : undefined;
  return { status: result.status, stderr: result.stderr, config };
}

describe('kubeconfig-to-app-config', () => {
  it('turns token contexts into Backstage clusters and skips the rest', () => {
    const { status, stderr, config } = run({
      clusters: [
        {
          name: 'a',
          cluster: {
            server: 'https://a:6443',
            'certificate-authority-data': 'Q0E=',
          },
        },
        {
          name: 'b',
          cluster: {
            server: 'https://b:6443',
            'certificate-authority': 'ca.crt',
          },
        },
      ],
      users: [
        { name: 'inline', user: { token: 'inline-token' } },
        { name: 'file', user: { tokenFile: 'token' } },
        {
          name: 'cert',
          user: { 'client-certificate-data': 'x', 'client-key-data': 'y' },
        },
      ],
      contexts: [
        { name: 'one', context: { cluster: 'a', user: 'inline' } },
        { name: 'two', context: { cluster: 'b', user: 'file' } },
        { name: 'three', context: { cluster: 'a', user: 'cert' } },
      ],
    });
    expect(status).toBe(0);
    expect(stderr).toContain("context 'three' has no bearer token");
    expect(config.kubernetes.clusterLocatorMethods[0].clusters).toEqual([
      expect.objectContaining({
        name: 'one',
        url: 'https://a:6443',
        caData: 'Q0E=',
        serviceAccountToken: 'inline-token',
      }),
      expect.objectContaining({
        name: 'two',
        caData: Buffer.from('CA PEM').toString('base64'),
        serviceAccountToken: 'file-token',
      }),
    ]);
  });

  it('fails with a clear message when no context is usable', () => {
    const { status, stderr, config } = run({
      clusters: [{ name: 'a', cluster: { server: 'https://a' } }],
      users: [{ name: 'u', user: { exec: { command: 'aws' } } }],
      contexts: [{ name: 'one', context: { cluster: 'a', user: 'u' } }],
    });
    expect(status).toBe(1);
    expect(stderr).toContain('no usable context');
    expect(config).toBeUndefined();
  });
});
