import { readAuditEvents } from '@paasport/devcluster';
import {
  DecommissionItem,
  DecommissionPlan,
} from '@paasport/plugin-decommission-common';
import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import type { KubernetesObject } from '@kubernetes/client-node';
import request from 'supertest';
import {
  CatalogFiles,
  componentYaml,
  serveCatalogFiles,
} from './__testUtils__/catalogFiles';
import {
  adminClients,
  AdminClients,
  createObjects,
  deleteNamespace,
} from './__testUtils__/scratchApp';
import {
  createTeamNamespace,
  stillThere,
  teamService,
} from './__testUtils__/teamNamespace';
import {
  DecommissionBackend,
  startDecommissionBackend,
} from './__testUtils__/testBackend';

/*
 * Tenancy across teams on both local clusters, with the real catalog,
 * policy and this plugin: a member of team A against team B's namespace.
 * A Component of team A that points at team B's workloads (by namespace
 * annotation and label selector, or by kubernetes-id alone) previews and
 * removes nothing of B; B's own Component is refused to A's members, by the
 * policy and, for a token that claims B's group, by the application model.
 * B's objects are checked with the admin kubeconfig, by uid.
 */
jest.setTimeout(600_000);

const id = `${Date.now().toString(36)}${Math.random()
  .toString(36)
  .slice(2, 5)}`;
const teamA = `decom-ta-${id}`;
const teamB = `decom-tb-${id}`;
const refA = `group:default/${teamA}`;
const refB = `group:default/${teamB}`;
/** Each team's namespace has the team's name, on both clusters. */
const nsA = teamA;
const nsB = teamB;
const bApp = `b-api-${id}`;
const forgedNs = `forged-ns-${id}`;
const forgedId = `forged-id-${id}`;

const alice = 'user:default/alice';
const bob = 'user:default/bob';
/** A member of A whose sign-in token also claims B (a forged Group). */
const eve = 'user:default/eve';
const PORTAL = 'system:serviceaccount:paasport-system:paasport-portal';

describe('decommission across teams on the local clusters', () => {
  const clusters: Record<string, AdminClients> = {};
  const bObjects: Record<string, KubernetesObject[]> = {};
  const bUids: Record<string, string[]> = {};
  let files: CatalogFiles;
  let backend: DecommissionBackend;
  const locations: string[] = [];
  const since = new Date();

  beforeAll(async () => {
    for (const cluster of ['dev', 'prod']) {
      const clients = await adminClients(cluster);
      clusters[cluster] = clients;
      await createTeamNamespace(clients, nsA, teamA);
      await createTeamNamespace(clients, nsB, teamB);
      bObjects[cluster] = teamService(nsB, bApp, teamB);
      await createObjects(clients, bObjects[cluster]);
      bUids[cluster] = await stillThere(clients, bObjects[cluster]);
    }

    files = await serveCatalogFiles();
    const team = (name: string, members: string[]) => `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${name}
  annotations: { paasport.io/namespace: ${name} }
spec: { type: team, children: [], members: [${members.join(', ')}] }
`;
    files.write(
      'org.yaml',
      team(teamA, ['alice', 'eve']) + team(teamB, ['bob']),
    );
    files.write(
      'b-app.yaml',
      componentYaml(bApp, {
        owner: refB,
        annotations: { 'backstage.io/kubernetes-id': bApp },
      }),
    );
    files.write(
      'forged-ns.yaml',
      componentYaml(forgedNs, {
        owner: refA,
        annotations: {
          'backstage.io/kubernetes-namespace': nsB,
          'backstage.io/kubernetes-label-selector': `app.kubernetes.io/name=${bApp}`,
        },
      }),
    );
    files.write(
      'forged-id.yaml',
      componentYaml(forgedId, {
        owner: refA,
        annotations: { 'backstage.io/kubernetes-id': bApp },
      }),
    );

    backend = await startDecommissionBackend({
      files,
      claims: { [alice]: [refA], [bob]: [refB], [eve]: [refA, refB] },
      trustedFiles: ['org.yaml'],
    });
    locations.push(await backend.register('org.yaml'));
    locations.push(await backend.register('b-app.yaml', bob));
    // Registered by a member of A, as anyone may register a location.
    await backend.register('forged-ns.yaml', alice);
    await backend.register('forged-id.yaml', alice);
    const started = backend;
    const ready = async (name: string) =>
      (await started.entity('component', name))?.relations?.some(
        (r: any) => r.type === 'ownedBy',
      ) &&
      (await started.entity('group', teamA)) &&
      (await started.entity('group', teamB));
    for (const name of [bApp, forgedNs, forgedId]) {
      await eventually(
        () => ready(name),
        120_000,
        `the catalog file of ${name}`,
      );
    }
  });

  afterAll(async () => {
    for (const clients of Object.values(clusters)) {
      await deleteNamespace(clients, nsA);
      await deleteNamespace(clients, nsB);
    }
    for (const location of locations) await backend?.unregister(location);
    await files?.close();
  });

  async function previewAs(user: string, name: string) {
    const res = await backend.preview(`component/default/${name}`, user);
    expect(res.status).toBe(200);
    return res.body as DecommissionPlan;
  }

  const clusterItems = (plan: DecommissionPlan) =>
    plan.items.filter(i => i.step === 'kubernetes');
  const objectsOf = (items: DecommissionItem[]) =>
    items.filter(i => i.target.type === 'kubernetes');

  /** Team B's objects, checked with the admin kubeconfig, by uid. */
  async function expectBUntouched() {
    for (const [cluster, clients] of Object.entries(clusters)) {
      expect(await stillThere(clients, bObjects[cluster])).toEqual(
        bUids[cluster],
      );
    }
  }

  it("shows B's member B's objects, Secrets by name only", async () => {
    const plan = await previewAs(bob, bApp);
    expect(plan.blockers).toEqual([]);
    expect(
      objectsOf(clusterItems(plan))
        .map(i => i.title)
        .sort(),
    ).toEqual(
      ['dev', 'prod']
        .flatMap(cluster => [
          `ConfigMap ${nsB}/${bApp}-config on ${cluster}`,
          `Deployment ${nsB}/${bApp} on ${cluster}`,
          `Secret ${nsB}/${bApp}-db on ${cluster}`,
        ])
        .sort(),
    );
    expect(JSON.stringify(plan)).not.toMatch(/not-a-real-password|bm90LWE/);
  });

  it("previews and removes nothing of B through a Component of A that points at B's namespace", async () => {
    const plan = await previewAs(alice, forgedNs);
    const items = clusterItems(plan);
    expect(objectsOf(items)).toEqual([]);
    expect(JSON.stringify(plan)).not.toContain(`${bApp}-db`);
    // The preview says why, per cluster: the namespace is not A's.
    const notes = items.map(i => i.note).join('\n');
    for (const cluster of ['dev', 'prod']) {
      expect(notes).toContain(
        `backstage.io/kubernetes-namespace '${nsB}' is outside ${refA}'s namespace ${nsA} on ${cluster}`,
      );
    }
    await expectRunRemovesOnlyCatalog(forgedNs, plan);
  });

  it("previews and removes nothing of B through a Component of A with only B's kubernetes-id", async () => {
    const plan = await previewAs(alice, forgedId);
    const items = clusterItems(plan);
    expect(objectsOf(items)).toEqual([]);
    expect(items).toEqual([
      expect.objectContaining({
        action: 'none',
        title: `${forgedId}: nothing found on the clusters`,
        note: `Looked for only in the namespaces of its team ${refA}: ${nsA} on dev, ${nsA} on prod`,
      }),
    ]);
    await expectRunRemovesOnlyCatalog(forgedId, plan);
  });

  it("refuses B's Component to A's members, by the policy and by the model, and changes nothing", async () => {
    // The preview lists nothing of B for a member of A, and says why.
    const plan = await previewAs(alice, bApp);
    expect(objectsOf(plan.items)).toEqual([]);
    for (const cluster of ['dev', 'prod']) {
      expect(plan.blockers).toContain(
        `${alice} is not a member of ${refB}, which owns namespace ${nsB} on ${cluster}`,
      );
    }

    // The policy refuses A's member (not an owner).
    const byPolicy = await backend.start(
      `component/default/${bApp}`,
      alice,
      plan,
    );
    expect(byPolicy.status).toBe(403);

    // A token claiming B's group passes the policy; the model, which reads
    // membership from the platform's Groups only, refuses, naming team and
    // namespace.
    const evePlan = await previewAs(eve, bApp);
    const byModel = await backend.start(
      `component/default/${bApp}`,
      eve,
      evePlan,
    );
    expect(byModel.status).toBe(403);
    expect(byModel.body.error.message).toBe(
      `${eve} is not a member of ${refB}, which owns namespace ${nsB} on dev`,
    );

    const runs = await request(backend.server)
      .get(`/api/decommission/entities/component/default/${bApp}/runs`)
      .set('Authorization', backend.auth(bob));
    expect(runs.body).toEqual([]);
    expect(await backend.entity('component', bApp)).toBeDefined();
    await expectBUntouched();
    expect(
      backend.audits.records
        .filter(r => r.eventId === 'decommission-start')
        .filter(r => r.meta?.entityRef === `component:default/${bApp}`)
        .map(r => [r.outcome, String(r.error)]),
    ).toEqual([
      ['fail', expect.stringMatching(/may not decommission/)],
      ['fail', expect.stringMatching(/eve is not a member/)],
    ]);
  });

  it("sent nothing to B's namespace as anyone", async () => {
    await new Promise(r => setTimeout(r, 2000)); // audit lines land late
    for (const cluster of ['dev', 'prod']) {
      const writes = readAuditEvents(cluster, since).filter(
        e =>
          e.user.username === PORTAL &&
          e.objectRef?.namespace === nsB &&
          e.verb !== 'get' &&
          e.verb !== 'list',
      );
      expect(writes).toEqual([]);
    }
  });

  /**
   * A member of A decommissions A's forged Component: the run removes its
   * catalog entry only; B's objects stay, and the audit says what was done.
   */
  async function expectRunRemovesOnlyCatalog(
    name: string,
    plan: DecommissionPlan,
  ) {
    const started = await backend.start(
      `component/default/${name}`,
      alice,
      plan,
    );
    expect(started.status).toBe(202);
    const run = await backend.waitForRun(started.body.run.id, alice);
    expect(run.status).toBe('succeeded');
    expect(run.items.filter(i => i.status === 'done').map(i => i.step)).toEqual(
      ['catalog'],
    );
    await expectBUntouched();
    // The run's audit event is closed right after the run is stored.
    const audited = await eventually(
      async () => {
        const records = backend.audits.records.filter(
          r =>
            r.eventId === 'decommission-run' &&
            r.meta?.runId === started.body.run.id,
        );
        return records.length > 0 && records;
      },
      10_000,
      'the audit event of the run',
    );
    expect(audited).toEqual([
      expect.objectContaining({
        outcome: 'success',
        meta: expect.objectContaining({
          actor: alice,
          removed: [expect.stringMatching(/^catalog:/)],
        }),
      }),
    ]);
  }
});
