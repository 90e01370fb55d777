import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { readDevclusterConfig } from '@paasport/devcluster';
import catalogModulePaasport from '@paasport/plugin-catalog-backend-module-paasport';
import permissionPolicyModule from '@paasport/plugin-permission-backend-module-paasport-policy';
import {
  DecommissionPlan,
  DecommissionRun,
} from '@paasport/plugin-decommission-common';
import request from 'supertest';
import {
  eventually,
  onBehalfOfAuthServiceFactory,
} from '@paasport/plugin-paasport-node/testUtils';
import { recordingAuditor } from '@paasport/plugin-paasport-node/testUtils';
import {
  CatalogFiles,
  componentYaml,
  serveCatalogFiles,
  systemYaml,
} from './__testUtils__/catalogFiles';
import {
  adminClients,
  AdminClients,
  createObjects,
  createScratchNamespace,
  deleteClusterBinding,
  deleteNamespace,
  heldConfigMap,
  remainingObjects,
  scratchNames,
  scratchObjects,
  TEAM,
} from './__testUtils__/scratchApp';
import { decommissionPlugin } from './plugin';

/*
 * End to end on the local clusters (dev and prod) with the real catalog, the
 * Paasport discovery module, the permission backend with the Paasport policy
 * and this plugin: a scratch application (a System with two declared
 * Components and one discovered one, workloads, config, secrets, ingress,
 * autoscaler and pipelines on both clusters) is decommissioned, a failure on
 * the way is retried, and nothing of it remains on the clusters or in the
 * catalog. The demo applications are not touched. Fails when the local
 * clusters are down.
 */
jest.setTimeout(600_000);

const names = scratchNames();
const teamRef = `group:default/${TEAM}`;
const alice = mockCredentials.user.header('user:default/alice');
const mallory = mockCredentials.user.header('user:default/mallory');
const admin = mockCredentials.user.header('user:default/admin');

describe('decommission of an application on the local clusters', () => {
  let dev: AdminClients;
  let prod: AdminClients;
  let files: CatalogFiles;
  let server: any;
  let scheduler: SchedulerService | undefined;
  const audits = recordingAuditor();
  let teamLocationId: string | undefined;

  beforeAll(async () => {
    const { data } = readDevclusterConfig();
    dev = await adminClients('dev');
    prod = await adminClients('prod');
    for (const [clients, pipelines] of [
      [dev, true],
      [prod, false],
    ] as const) {
      await createScratchNamespace(clients, names.namespace);
      await createObjects(clients, scratchObjects(names, { pipelines }));
    }
    // Only prod: an object the decommission cannot remove at first.
    await createObjects(prod, [heldConfigMap(names)]);

    files = await serveCatalogFiles();
    files.write(
      'team.yaml',
      `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${TEAM}
  annotations: { paasport.io/namespace: ${names.namespace} }
spec: { type: team, children: [] }
`,
    );
    files.write(
      'app.yaml',
      systemYaml(names.system, teamRef) +
        componentYaml(names.api, {
          system: names.system,
          owner: teamRef,
          annotations: {
            'backstage.io/kubernetes-id': names.api,
            'backstage.io/kubernetes-namespace': names.namespace,
            'backstage.io/source-location': `url:https://git.example.invalid/${TEAM}/${names.api}/`,
          },
        }) +
        // No namespace annotation: found through the team's namespace.
        componentYaml(names.web, {
          system: names.system,
          owner: teamRef,
          annotations: { 'backstage.io/kubernetes-id': names.web },
        }),
    );

    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePaasport,
        permissionPlugin,
        permissionPolicyModule,
        decommissionPlugin,
        audits.auditor.factory,
        onBehalfOfAuthServiceFactory,
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials: any) {
              const user = credentials.principal.userEntityRef as string;
              const groups: Record<string, string[]> = {
                'user:default/alice': [teamRef],
                'user:default/admin': ['group:default/admins'],
              };
              return {
                userEntityRef: user,
                ownershipEntityRefs: [user, ...(groups[user] ?? [])],
              };
            },
          }),
        }),
        createBackendModule({
          pluginId: 'catalog',
          moduleId: 'test-scheduler',
          register(reg) {
            reg.registerInit({
              deps: { s: coreServices.scheduler },
              async init({ s }) {
                scheduler = s;
              },
            });
          },
        }),
        mockServices.rootConfig.factory({
          data: {
            ...data,
            backend: { reading: { allow: [files.readingAllow] } },
            permission: { enabled: true },
            paasport: {
              ...data.paasport,
              permissions: { adminGroups: ['group:default/admins'] },
              discovery: { namespaces: [names.namespace] },
            },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }],
            },
            decommission: { goneWaitSeconds: 5, interruptedAfterSeconds: 120 },
          },
        }),
      ],
    });
    server = backend.server;

    const register = async (name: string) => {
      const res = await request(server)
        .post('/api/catalog/locations')
        .set('Authorization', admin)
        .send({ type: 'url', target: files.url(name) });
      expect(res.status).toBe(201);
      return res.body.location.id as string;
    };
    teamLocationId = await register('team.yaml');
    await register('app.yaml');
    await eventually(
      async () =>
        (
          await entity('component', names.web)
        )?.relations?.some((r: any) => r.type === 'ownedBy') &&
        (await entity('group', TEAM)),
      120_000,
      'the scratch catalog files',
    );
    await scheduler!.triggerTask('paasport-discovery:refresh');
    await eventually(
      () => entity('component', names.worker),
      120_000,
      'discovery of the worker',
    );
  });

  afterAll(async () => {
    for (const clients of [dev, prod]) {
      if (!clients) continue;
      // The test may have failed with the finalizer still on.
      await clients.core
        .patchNamespacedConfigMap(
          {
            name: `${names.api}-held`,
            namespace: names.namespace,
            body: [{ op: 'remove', path: '/metadata/finalizers' }],
          },
          clients.k8s.setHeaderOptions(
            'Content-Type',
            clients.k8s.PatchStrategy.JsonPatch,
          ),
        )
        .catch(() => undefined);
      await deleteNamespace(clients, names.namespace);
      await deleteClusterBinding(clients, names);
    }
    if (server && teamLocationId) {
      await request(server)
        .delete(`/api/catalog/locations/${teamLocationId}`)
        .set('Authorization', admin);
    }
    await files?.close();
  });

  async function entity(kind: string, name: string) {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/${kind}/default/${name}`)
      .set('Authorization', admin);
    return res.status === 200 ? res.body : undefined;
  }

  async function waitForRun(id: string): Promise<DecommissionRun> {
    return eventually(
      async () => {
        const res = await request(server)
          .get(`/api/decommission/runs/${id}`)
          .set('Authorization', alice);
        return res.body.status !== 'running' && (res.body as DecommissionRun);
      },
      300_000,
      'the decommission run',
    );
  }

  it('previews, refuses a non-owner, fails on a stuck object, and on retry leaves nothing behind', async () => {
    const timings: Record<string, number> = {};
    let started0 = Date.now();
    const previewRes = await request(server)
      .get(`/api/decommission/entities/system/default/${names.system}/preview`)
      .set('Authorization', alice);
    expect(previewRes.status).toBe(200);
    const plan = previewRes.body as DecommissionPlan;
    timings.previewMs = Date.now() - started0;
    expect(plan.blockers).toEqual([]);
    expect(plan.entityRefs.sort()).toEqual(
      [
        `system:default/${names.system}`,
        `component:default/${names.api}`,
        `component:default/${names.web}`,
        `component:default/${names.worker}`,
      ].sort(),
    );
    const ns = names.namespace;
    const onBoth = [
      `HorizontalPodAutoscaler ${ns}/${names.api}`,
      `Deployment ${ns}/${names.api}`,
      `Deployment ${ns}/${names.web}`,
      `Deployment ${ns}/${names.worker}`,
      `CronJob ${ns}/${names.worker}-nightly`,
      `Job ${ns}/${names.worker}-migrate`,
      `Ingress ${ns}/${names.web}`,
      `Service ${ns}/${names.api}`,
      `ConfigMap ${ns}/${names.api}-config`,
      `ConfigMap ${ns}/${names.system}-shared`,
      `Secret ${ns}/${names.api}-db`,
    ];
    const pipelines = [
      `EventListener ${ns}/${names.api}-push`,
      `TriggerBinding ${ns}/${names.api}-push`,
      `TriggerTemplate ${ns}/${names.api}-build`,
      `PipelineRun ${ns}/${names.api}-build-1`,
      `Pipeline ${ns}/${names.api}-build`,
      `ClusterRoleBinding ${ns}-${names.api}-pipeline-triggers`,
      `RoleBinding ${ns}/${names.api}-pipeline-triggers`,
      `ServiceAccount ${ns}/${names.api}-pipeline`,
    ];
    const kubernetes = plan.items.filter(i => i.step === 'kubernetes');
    expect(kubernetes.every(i => i.action === 'delete')).toBe(true);
    expect(kubernetes.map(i => i.title).sort()).toEqual(
      [
        ...[...onBoth, ...pipelines].map(t => `${t} on dev`),
        ...[...onBoth, `ConfigMap ${ns}/${names.api}-held`].map(
          t => `${t} on prod`,
        ),
      ].sort(),
    );
    // Autoscalers and workloads go first.
    expect(kubernetes[0].title).toMatch(/^HorizontalPodAutoscaler/);
    expect(
      plan.items
        .filter(i => i.step !== 'kubernetes')
        .map(i => [i.step, i.action, i.note ?? '']),
    ).toEqual([
      [
        'middleware',
        'none',
        expect.stringMatching(/marketplace backend is not installed/),
      ],
      [
        'repository',
        'none',
        'Not archived: no Gitea or GitHub integration is configured for git.example.invalid',
      ],
      ['catalog', 'unregister', ''],
      ['catalog', 'delete', ''],
    ]);
    const [location, discovered] = plan.items.filter(i => i.step === 'catalog');
    expect(location.target).toMatchObject({
      type: 'location',
      locationRef: `url:${files.url('app.yaml')}`,
    });
    expect(discovered.target).toMatchObject({
      type: 'entity',
      entityRef: `component:default/${names.worker}`,
    });

    // Someone outside the owning team: 403 through the real policy, nothing removed.
    const denied = await request(server)
      .post(
        `/api/decommission/entities/system/default/${names.system}/decommission`,
      )
      .set('Authorization', mallory)
      .send({ confirmation: names.system, fingerprint: plan.fingerprint });
    expect(denied.status).toBe(403);
    expect(
      (await dev.objects.list('apps/v1', 'Deployment', ns)).items.length,
    ).toBe(3);

    started0 = Date.now();
    // The owner: the run removes everything but the held ConfigMap, keeps
    // the catalog entries, and reports the failure.
    const started = await request(server)
      .post(
        `/api/decommission/entities/system/default/${names.system}/decommission`,
      )
      .set('Authorization', alice)
      .send({ confirmation: names.system, fingerprint: plan.fingerprint });
    expect(started.status).toBe(202);
    const failed = await waitForRun(started.body.run.id);
    timings.firstRunMs = Date.now() - started0;
    expect(failed.status).toBe('failed');
    expect(failed.items.filter(i => i.status === 'failed')).toEqual([
      expect.objectContaining({
        title: `ConfigMap ${ns}/${names.api}-held on prod`,
        error: expect.stringMatching(/still terminating after 5 s/),
      }),
    ]);
    expect(
      failed.items.filter(i => i.step === 'catalog').map(i => i.status),
    ).toEqual(['pending', 'pending']);
    expect(await remainingObjects(dev, names)).toEqual(
      expect.not.arrayContaining([
        expect.stringMatching(
          /^(Deployment|CronJob|Job|Service|Secret|Ingress|Pipeline)/,
        ),
      ]),
    );
    expect(await entity('system', names.system)).toBeDefined();
    expect(await entity('component', names.worker)).toBeDefined();

    // Release the object, then retry: only what is left is done.
    await prod.core.patchNamespacedConfigMap(
      {
        name: `${names.api}-held`,
        namespace: ns,
        body: [{ op: 'remove', path: '/metadata/finalizers' }],
      },
      prod.k8s.setHeaderOptions(
        'Content-Type',
        prod.k8s.PatchStrategy.JsonPatch,
      ),
    );
    started0 = Date.now();
    const retried = await request(server)
      .post(`/api/decommission/runs/${failed.id}/retry`)
      .set('Authorization', alice);
    expect(retried.status).toBe(202);
    const done = await waitForRun(failed.id);
    timings.retryMs = Date.now() - started0;
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(done.summary).toEqual({
      done: kubernetes.length + 2,
      skipped: 2,
      failed: 0,
      pending: 0,
    });
    expect(done.items.find(i => i.title.includes('-held'))?.outcome).toBe(
      'already gone',
    );

    // Nothing of it on either cluster, pods included once the garbage
    // collector has caught up.
    for (const clients of [dev, prod]) {
      await eventually(
        async () => (await remainingObjects(clients, names)).length === 0,
        120_000,
        'the garbage collector',
      ).catch(async error => {
        throw new Error(
          `${error.message}: ${(await remainingObjects(clients, names)).join(
            ', ',
          )}`,
        );
      });
    }
    // Nothing in the catalog, and discovery does not bring anything back.
    for (const [kind, name] of [
      ['system', names.system],
      ['component', names.api],
      ['component', names.web],
      ['component', names.worker],
    ]) {
      expect(await entity(kind, name)).toBeUndefined();
    }
    await scheduler!.triggerTask('paasport-discovery:refresh');
    await new Promise(r => setTimeout(r, 5000));
    expect(await entity('component', names.worker)).toBeUndefined();
    expect(await entity('system', names.system)).toBeUndefined();
    // The team stays: it was never part of the application.
    expect(await entity('group', TEAM)).toBeDefined();

    // eslint-disable-next-line no-console
    console.log(
      `decommission of ${names.system}: ${kubernetes.length} cluster objects; ` +
        `preview ${timings.previewMs} ms, first run (fails on the held ` +
        `ConfigMap after its 5 s wait) ${timings.firstRunMs} ms, retry ` +
        `${timings.retryMs} ms`,
    );

    expect(
      audits.records
        .filter(r => r.eventId.startsWith('decommission-'))
        .map(r => [r.eventId, r.outcome]),
    ).toEqual([
      ['decommission-start', 'fail'],
      ['decommission-start', 'success'],
      ['decommission-run', 'fail'],
      ['decommission-retry', 'success'],
      ['decommission-run', 'success'],
    ]);
  });
});
