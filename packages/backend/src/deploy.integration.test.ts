import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devclusterEnv } from '@paasport/devcluster';
import YAML from 'yaml';

/*
 * The deployment in deploy/ rendered with kustomize and applied to the dev
 * cluster's real API server (as its admin). kwok runs no processes, so what
 * is checked is what Kubernetes checks: the objects are valid and admitted,
 * the Deployment's pods are created and counted by the PodDisruptionBudget,
 * and the account the pods run as is the portal's, with only its rights.
 */

jest.setTimeout(180_000);

const repo = path.resolve(__dirname, '../../..');
const env = devclusterEnv();
const kubectl = env.PAASPORT_DEVCLUSTER_KUBECTL;
const NAMESPACE = 'paasport-system';

function kc(args: string[], input?: string): string {
  return execFileSync(kubectl, ['--context', 'dev', ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, KUBECONFIG: env.KUBECONFIG },
  });
}

interface Rendered {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: any;
  data?: Record<string, string>;
}

let overlay: string;
let rendered: Rendered[];
const byKind = (kind: string, prefix: string) =>
  rendered.find(o => o.kind === kind && o.metadata.name.startsWith(prefix))!;

beforeAll(() => {
  // A company's overlay over the example: the Secrets it creates its own way
  // (here generated, with throwaway values).
  overlay = fs.mkdtempSync(path.join(os.tmpdir(), 'paasport-deploy-'));
  fs.writeFileSync(
    path.join(overlay, 'kustomization.yaml'),
    YAML.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: NAMESPACE,
      resources: [path.relative(overlay, path.join(repo, 'deploy/example'))],
      secretGenerator: [
        {
          name: 'paasport-secrets',
          literals: [
            'BACKEND_SECRET=test-backend-secret',
            'AUTH_SESSION_SECRET=test-session-secret',
            'AUTH_OIDC_CLIENT_SECRET=test-client-secret',
            'POSTGRES_PASSWORD=test-password',
          ],
        },
        {
          name: 'paasport-broker',
          literals: ['BROKER_USERNAME=paasport', 'BROKER_PASSWORD=test-pass'],
        },
      ],
    }),
  );
  rendered = YAML.parseAllDocuments(kc(['kustomize', overlay]))
    .map(d => d.toJS())
    .filter(Boolean);
});

afterAll(() => {
  if (overlay) {
    kc(['delete', '-k', overlay, '--ignore-not-found', '--wait=false']);
    fs.rmSync(overlay, { recursive: true, force: true });
  }
});

describe('deploy/ on a real API server', () => {
  it('renders the replicas, probes, resources and config the issue asks for', () => {
    const backend = byKind('Deployment', 'paasport-backend');
    expect(backend.metadata.namespace).toBe(NAMESPACE);
    expect(backend.spec.replicas).toBe(3);
    const pod = backend.spec.template.spec;
    expect(pod.serviceAccountName).toBe('paasport-portal');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const container = pod.containers[0];
    expect(container.image).toBe('registry.example.com/paasport/backend:1.0.0');
    expect(container.readinessProbe.httpGet.path).toBe(
      '/.backstage/health/v1/readiness',
    );
    expect(container.livenessProbe.httpGet.path).toBe(
      '/.backstage/health/v1/liveness',
    );
    expect(container.resources.requests).toEqual({
      cpu: '250m',
      memory: '768Mi',
    });
    // Config and secrets by reference to the generated (hash-named) objects.
    const environment = byKind('ConfigMap', 'paasport-env-');
    const secrets = byKind('Secret', 'paasport-secrets-');
    const company = byKind('ConfigMap', 'paasport-app-config-');
    expect(container.envFrom).toEqual([
      { configMapRef: { name: environment.metadata.name } },
      { secretRef: { name: secrets.metadata.name } },
    ]);
    expect(pod.volumes).toContainEqual({
      name: 'company-config',
      configMap: { name: company.metadata.name },
    });
    expect(Object.keys(secrets.data ?? {}).sort()).toEqual([
      'AUTH_OIDC_CLIENT_SECRET',
      'AUTH_SESSION_SECRET',
      'BACKEND_SECRET',
      'POSTGRES_PASSWORD',
    ]);
    // No secret value in the ConfigMap a reader of the namespace sees.
    expect(Object.keys(environment.data ?? {})).not.toContain('BACKEND_SECRET');
    expect(byKind('PodDisruptionBudget', 'paasport-backend').spec).toEqual({
      minAvailable: 1,
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'paasport-backend' },
      },
    });
  });

  it('is admitted by the API server, and its pods are counted by the disruption budget', async () => {
    kc(
      ['apply', '--server-side', '--field-manager', 'deploy-test', '-f', '-'],
      rendered.map(o => YAML.stringify(o)).join('---\n'),
    );
    const deadline = Date.now() + 120_000;
    let pdb: any;
    for (;;) {
      pdb = JSON.parse(
        kc(['-n', NAMESPACE, 'get', 'pdb', 'paasport-backend', '-o', 'json']),
      );
      if (pdb.status?.currentHealthy === 3) break;
      if (Date.now() > deadline) {
        throw new Error(
          `the disruption budget never counted 3 healthy replicas: ${JSON.stringify(
            pdb.status,
          )}`,
        );
      }
      await new Promise(r => setTimeout(r, 1000));
    }
    expect(pdb.status.disruptionsAllowed).toBe(2);
    const pods = JSON.parse(
      kc([
        '-n',
        NAMESPACE,
        'get',
        'pods',
        '-l',
        'app.kubernetes.io/name=paasport-backend',
        '-o',
        'json',
      ]),
    ).items;
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.spec.serviceAccountName).toBe('paasport-portal');
    }
    const broker = JSON.parse(
      kc([
        '-n',
        NAMESPACE,
        'get',
        'deployment',
        'paasport-broker',
        '-o',
        'json',
      ]),
    );
    expect(broker.spec.template.spec.containers[0].image).toBe(
      'registry.example.com/paasport/broker:1.0.0',
    );
  });

  it("runs the pods as the portal's account: it reads and impersonates, and writes nothing itself", () => {
    const as = `system:serviceaccount:${NAMESPACE}:paasport-portal`;
    const can = (...args: string[]) => {
      try {
        return kc(['auth', 'can-i', ...args, '--as', as]).trim();
      } catch (error) {
        // `can-i` exits 1 on "no".
        return String((error as { stdout?: string }).stdout ?? '').trim();
      }
    };
    expect(can('watch', 'deployments', '-A')).toBe('yes');
    expect(can('list', 'secrets', '-n', 'storefront')).toBe('no');
    expect(can('create', 'deployments', '-n', 'storefront')).toBe('no');
    expect(can('delete', 'namespaces')).toBe('no');
    // Users and groups are no served resource kubectl could ask about one
    // by one; the account's list of rights has them.
    const rights = kc(['auth', 'can-i', '--list', '--as', as]);
    expect(rights).toMatch(
      /^users\.authentication\.k8s\.io\s.*\[impersonate:user-info\]$/m,
    );
    expect(rights).toMatch(
      /^groups\.authentication\.k8s\.io\s.*\[impersonate:user-info\]$/m,
    );
    // Never the legacy right that would undo every constraint.
    expect(rights).not.toMatch(/\[[^\]]*\bimpersonate\b[^:-]/);
  });

  it('renders the per-cluster RBAC the portal needs on every managed cluster', () => {
    const clusters = YAML.parseAllDocuments(
      kc(['kustomize', path.join(repo, 'deploy/clusters')]),
    ).map(d => d.toJS());
    expect(clusters.map(o => `${o.kind} ${o.metadata.name}`).sort()).toEqual(
      expect.arrayContaining([
        'ClusterRole paasport-portal',
        'ClusterRole paasport-portal-impersonation',
        'ClusterRole paasport-platform',
        'ClusterRole paasport-team',
        'Namespace paasport-system',
        'ServiceAccount paasport-portal',
        'ServiceAccount paasport-platform',
      ]),
    );
    // The dev cluster was seeded from the same files: a server-side dry run
    // changes nothing.
    // (kubectl diff exits 0 for no difference, 1 for differences, more for
    // errors; only 0 passes.)
    expect(
      kc([
        'diff',
        '--server-side',
        '--force-conflicts',
        '--field-manager',
        'devcluster',
        '-k',
        path.join(repo, 'deploy/clusters'),
      ]),
    ).toBe('');
  });
});
