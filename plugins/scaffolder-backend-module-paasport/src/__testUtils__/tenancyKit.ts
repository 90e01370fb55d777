import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { readDevclusterConfig } from '@paasport/devcluster';
import {
  KubernetesClusters,
  KubernetesIdentities,
  KubernetesObjects,
  readKubernetesClusterConfigs,
} from '@paasport/kubernetes-node';

/** The portal's own identity, as the API servers' audit logs name it. */
export const PORTAL_USER =
  'system:serviceaccount:paasport-system:paasport-portal';

/** The platform's identity, which the portal impersonates. */
export const PLATFORM_USER =
  'system:serviceaccount:paasport-system:paasport-platform';

type Manifest = Record<string, unknown>;

/**
 * The manifests of the test template's kits, by kit name: `app` is what an
 * owner deploys; each `evil-*` kit is a harmless ConfigMap plus one object a
 * template must never get through.
 */
export function kits(run: string): Record<string, Manifest[]> {
  const cm = (name: string, namespace?: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(namespace && { namespace }) },
    data: { run },
  });
  const labels = { app: `app-${run}` };
  return {
    app: [
      cm(`app-${run}`),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `app-${run}` },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                { name: 'app', image: 'registry.paasport.dev/it/app:1' },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `app-${run}` },
        spec: { selector: labels, ports: [{ port: 80 }] },
      },
    ],
    'evil-rolebinding': [
      cm(`cm-rolebinding-${run}`),
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `evil-${run}` },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'admin',
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Group',
            name: 'system:authenticated',
          },
        ],
      },
    ],
    'evil-quota': [
      cm(`cm-quota-${run}`),
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: `evil-${run}` },
        spec: { hard: { pods: '100000' } },
      },
    ],
    'evil-networkpolicy': [
      cm(`cm-networkpolicy-${run}`),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `evil-${run}` },
        spec: { podSelector: {}, ingress: [{}] },
      },
    ],
    'evil-namespace': [cm(`cm-namespace-${run}`, 'payments')],
  };
}

/**
 * Writes the test catalog into `dir`: a template that lays one kit into
 * `k8s/` and runs the namespace, apply and undo actions on it (with an
 * optional failing step), two fresh teams with guest as their member, and
 * their applications. Returns the catalog file for `extraLocations`.
 */
export function writeTenancyCatalog(
  dir: string,
  run: string,
  teams: string[],
): string {
  for (const [kit, manifests] of Object.entries(kits(run))) {
    fs.mkdirSync(path.join(dir, 'kits', kit), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'kits', kit, 'manifests.yaml'),
      manifests.map(m => YAML.stringify(m)).join('---\n'),
    );
  }
  const owner = {
    team: '${{ parameters.owner }}',
    system: '${{ parameters.system }}',
    clusters: '${{ parameters.clusters }}',
  };
  const template = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: `tenancy-kit-${run}` },
    spec: {
      owner: 'group:default/platform',
      type: 'service',
      parameters: [
        {
          properties: {
            owner: { type: 'string' },
            system: { type: 'string' },
            clusters: { type: 'array', items: { type: 'string' } },
            kit: { type: 'string' },
            broken: { type: 'boolean', default: false },
          },
        },
      ],
      steps: [
        {
          id: 'fetch',
          action: 'fetch:plain',
          input: { url: './kits/${{ parameters.kit }}', targetPath: 'k8s' },
        },
        { id: 'namespace', action: 'paasport:namespace:ensure', input: owner },
        {
          id: 'deploy',
          action: 'paasport:kubernetes:apply',
          input: { ...owner, manifestPath: 'k8s' },
        },
        {
          id: 'broken',
          if: '${{ parameters.broken }}',
          action: 'paasport:kubernetes:apply',
          input: { ...owner, manifestPath: 'no-such-directory' },
        },
        { id: 'undo', if: '${{ failure() }}', action: 'paasport:task:undo' },
      ],
    },
  };
  const entities = [
    template,
    ...teams.flatMap(team => [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: team,
          annotations: { 'paasport.io/namespace': team },
        },
        spec: { type: 'team', children: [], members: ['guest'] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: `${team}-app` },
        spec: { owner: `group:default/${team}` },
      },
    ]),
  ];
  const file = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(file, entities.map(e => YAML.stringify(e)).join('---\n'));
  return file;
}

/**
 * The object layer on a devcluster cluster acting as a person, through the
 * portal's token (as the plugin would): what the API server lets the person
 * do, without the actions' own checks.
 */
export function objectsAsPerson(
  cluster: string,
  user: string,
  groups: string[],
): KubernetesObjects {
  const clusters = new KubernetesClusters(
    readKubernetesClusterConfigs(
      new ConfigReader({ kubernetes: readDevclusterConfig().data.kubernetes }),
    ),
  );
  return new KubernetesObjects(clusters.get(cluster)!, {
    as: new KubernetesIdentities().person(user, groups),
    fieldManager: 'paasport-scaffolder-it',
  });
}
