import { readAuditEvents } from '@paasport/devcluster';
import { DecommissionPlan } from '@paasport/plugin-decommission-common';
import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import request from 'supertest';
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
  adminBinding,
  pipelineClusterBinding,
  remainingObjects,
  scratchNames,
  scratchObjects,
  TEAM,
} from './__testUtils__/scratchApp';
import {
  DecommissionBackend,
  startDecommissionBackend,
} from './__testUtils__/testBackend';

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
const alice = 'user:default/alice';
const mallory = 'user:default/mallory';
/** How the clusters see the portal itself (the devcluster's portal token). */
const PORTAL = 'system:serviceaccount:paasport-system:paasport-portal';

describe('decommission of an application on the local clusters', () => {
  let dev: AdminClients;
  let prod: AdminClients;
  let files: CatalogFiles;
  let backend: DecommissionBackend;
  let teamLocationId: string | undefined;

  beforeAll(async () => {
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
    // The platform's file (trusted): the team, its namespace and members.
    files.write(
      'team.yaml',
      `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${TEAM}
  annotations: { paasport.io/namespace: ${names.namespace} }
spec: { type: team, children: [], members: [alice] }
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

    backend = await startDecommissionBackend({
      files,
      claims: {
        [alice]: [teamRef],
        'user:default/admin': ['group:default/admins'],
      },
      trustedFiles: ['team.yaml'],
      discoveryNamespaces: [names.namespace],
    });
    teamLocationId = await backend.register('team.yaml');
    // The application's file, registered by its owner.
    await backend.register('app.yaml', alice);
    await eventually(
      async () =>
        (
          await backend.entity('component', names.web)
        )?.relations?.some((r: any) => r.type === 'ownedBy') &&
        (await backend.entity('group', TEAM)),
      120_000,
      'the scratch catalog files',
    );
    await backend.scheduler().triggerTask('paasport-discovery:refresh');
    await eventually(
      () => backend.entity('component', names.worker),
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
    if (backend && teamLocationId) await backend.unregister(teamLocationId);
    await files?.close();
  });

  const entity = (kind: string, name: string) => backend.entity(kind, name);
  const waitForRun = (id: string) => backend.waitForRun(id, alice);

  it('previews, refuses a non-owner, fails on a stuck object, and on retry leaves nothing behind', async () => {
    const timings: Record<string, number> = {};
    const path = `system/default/${names.system}`;
    let started0 = Date.now();
    const previewRes = await backend.preview(path, alice);
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
      `RoleBinding ${ns}/${names.api}-pipeline-deploy`,
      `ServiceAccount ${ns}/${names.api}-pipeline`,
    ];
    const kubernetes = plan.items.filter(
      i => i.step === 'kubernetes' && i.action === 'delete',
    );
    // An admin's binding labelled as the service is listed and left alone:
    // people cannot change RBAC, and the portal only removes its own grants.
    expect(
      plan.items.filter(i => i.step === 'kubernetes' && i.action === 'none'),
    ).toEqual([
      expect.objectContaining({
        title: `RoleBinding ${ns}/${adminBinding(names)} on dev`,
        note: expect.stringMatching(/^Left alone: a binding to view is not/),
      }),
    ]);
    // Secrets by name only: nothing of their data in the preview.
    expect(JSON.stringify(plan)).not.toMatch(/not-a-real-password|bm90LWE/);
    // Paasport's own pipeline grants go with the platform's identity (people
    // cannot change RBAC), and the preview says so.
    expect(
      kubernetes
        .filter(i => /RoleBinding/.test(i.title))
        .map(i => i.note ?? ''),
    ).toEqual([
      expect.stringMatching(/platform's identity/),
      expect.stringMatching(/platform's identity/),
      expect.stringMatching(/platform's identity/),
    ]);
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
    const denied = await backend.start(path, mallory, plan);
    expect(denied.status).toBe(403);
    expect(
      (await dev.objects.list('apps/v1', 'Deployment', ns)).items.length,
    ).toBe(3);

    started0 = Date.now();
    const since = new Date(Date.now() - 1000);
    // The owner: the run removes everything but the held ConfigMap, keeps
    // the catalog entries, and reports the failure.
    const started = await backend.start(path, alice, plan);
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
    const retried = await request(backend.server)
      .post(`/api/decommission/runs/${failed.id}/retry`)
      .set('Authorization', backend.auth(alice));
    expect(retried.status).toBe(202);
    const done = await waitForRun(failed.id);
    timings.retryMs = Date.now() - started0;
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(done.summary).toEqual({
      done: kubernetes.length + 2,
      skipped: 3,
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
    // The admin's binding is still there.
    const kept = await dev.rbac.readNamespacedRoleBinding({
      name: adminBinding(names),
      namespace: ns,
    });
    expect(kept.metadata?.name).toBe(adminBinding(names));
    // Nothing in the catalog, and discovery does not bring anything back.
    for (const [kind, name] of [
      ['system', names.system],
      ['component', names.api],
      ['component', names.web],
      ['component', names.worker],
    ]) {
      expect(await entity(kind, name)).toBeUndefined();
    }
    await backend.scheduler().triggerTask('paasport-discovery:refresh');
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

    expectDeletesAsAlice(since, kubernetes.length);

    expect(
      backend.audits.records
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

  /**
   * The clusters' audit logs: every delete the portal sent in the scratch
   * namespace went as alice (her teams as groups), except Paasport's own
   * pipeline grants, which went as the platform's ServiceAccount; none went
   * as the portal itself.
   */
  function expectDeletesAsAlice(since: Date, planned: number) {
    const deletes = ['dev', 'prod'].flatMap(cluster =>
      readAuditEvents(cluster, since)
        .filter(e => e.stage === 'ResponseComplete' && e.verb === 'delete')
        .filter(e => e.user.username === PORTAL)
        .filter(
          e =>
            e.objectRef?.namespace === names.namespace ||
            e.objectRef?.name === pipelineClusterBinding(names),
        )
        .map(e => ({ cluster, ...e })),
    );
    const grants = deletes.filter(e =>
      /rolebindings$/.test(e.objectRef!.resource!),
    );
    const asPerson = deletes.filter(e => !grants.includes(e));
    // The held ConfigMap was deleted once in each attempt.
    expect(asPerson.length + grants.length).toBeGreaterThanOrEqual(planned);
    expect(grants.map(e => e.objectRef!.resource).sort()).toEqual([
      'clusterrolebindings',
      'rolebindings',
      'rolebindings',
    ]);
    for (const event of grants) {
      expect(event.impersonatedUser?.username).toBe(
        'system:serviceaccount:paasport-system:paasport-platform',
      );
    }
    for (const event of asPerson) {
      expect(event.impersonatedUser).toEqual({
        username: `paasport:${alice}`,
        groups: expect.arrayContaining([`paasport:${teamRef}`]),
      });
    }
  }
});
