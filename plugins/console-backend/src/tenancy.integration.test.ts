import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  KubernetesClusters,
  KubernetesIdentities,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import {
  ClusterReleases,
  ReleasesResponse,
  SignalsResponse,
} from '@paasport/plugin-console-common';
import { createTeamNamespace, readAuditEvents } from '@paasport/devcluster';
import request from 'supertest';
import { AuditRecord, declaredComponent } from './__testUtils__/backend';
import {
  adminApis,
  AdminApis,
  createTestNamespace,
  devcluster,
  eventually,
  readRaw,
  rollOut,
  testDeployment,
} from './__testUtils__/devcluster';
import {
  group,
  startPolicyBackend,
  untrustedOrigin,
  user,
} from './__testUtils__/policyBackend';

// The tenancy boundary of the console, as a member of team `blue` against
// team `red`, on both devclusters: every path ends in a refusal or in nothing
// shown, nothing changes on the clusters, and refusals are audited.
jest.setTimeout(600_000);

const RED_APP = 'red-app';
const CLUSTERS = ['dev', 'prod'] as const;
type Cluster = (typeof CLUSTERS)[number];
const BLUE_APP = 'blue-app';
const SECRET_VALUE = 'red-db-password-1';

describe('console tenancy: one team cannot reach another team', () => {
  let admin: AdminApis;
  const admins = {} as Record<Cluster, AdminApis>;
  let blue = '';
  let red = '';
  let grey = '';
  let twin = '';
  let server: Awaited<ReturnType<typeof startPolicyBackend>>['server'];
  let audits: AuditRecord[];
  let stop = async () => {};

  const as = (name: string) => ({
    Authorization: mockCredentials.user.header(`user:default/${name}`),
  });
  const entityPath = (name: string) =>
    `/api/console/entities/component/default/${name}`;
  const releasesOf = async (
    who: string,
    entity: string,
    cluster: Cluster = 'dev',
  ) => {
    const res = await request(server)
      .get(`${entityPath(entity)}/releases?cluster=${cluster}`)
      .set(as(who));
    expect(res.status).toBe(200);
    return res.body as ReleasesResponse;
  };
  const workloadsOf = (body: ReleasesResponse) =>
    (body.clusters[0] as ClusterReleases).workloads;
  const rollback = async (
    who: string,
    entity: string,
    namespace: string,
    cluster: Cluster = 'dev',
  ) => {
    const { resourceVersion } = (
      await readRaw(admins[cluster], namespace, RED_APP)
    ).metadata;
    return request(server)
      .post(`${entityPath(entity)}/rollback`)
      .set(as(who))
      .send({
        cluster,
        namespace,
        kind: 'Deployment',
        name: RED_APP,
        toRevision: 1,
        resourceVersion,
        reason: 'tenancy test',
      });
  };
  const logs = (who: string, entity: string, namespace?: string) =>
    request(server)
      .get(`${entityPath(entity)}/logs`)
      .query({
        cluster: 'dev',
        workload: RED_APP,
        tailLines: 1,
        ...(namespace && { namespace }),
      })
      .set(as(who));
  const expectRedUnchanged = async (
    generation?: number,
    cluster: Cluster = 'dev',
  ) => {
    const now = await readRaw(admins[cluster], red, RED_APP);
    expect(now.metadata.generation).toBe(generation);
    expect(now.spec.template.spec?.containers[0].image).toMatch(/:1\.1\.0$/);
  };

  beforeAll(async () => {
    admin = await adminApis('dev');
    admins.dev = admin;
    admins.prod = await adminApis('prod');
    blue = await createTestNamespace(admin, 'tenancy-blue', 'blue');
    red = await createTestNamespace(admin, 'tenancy-red', 'red');
    // Namespace conflicts, on dev only: one labelled for team grey that team
    // copycat claims, one that two teams claim.
    grey = await createTestNamespace(admin, 'tenancy-grey', 'grey');
    twin = await createTestNamespace(admin, 'tenancy-twin', 'twin-a');
    // The same team namespaces on prod, as the namespace action makes them.
    await createTeamNamespace('prod', { name: blue, team: 'blue' });
    await createTeamNamespace('prod', { name: red, team: 'red' });
    for (const cluster of CLUSTERS) {
      for (const version of ['1.0.0', '1.1.0']) {
        const manifest = testDeployment(red, RED_APP, version);
        manifest.spec.template.spec.containers[0].env.push({
          name: 'DB_PASSWORD',
          value: `${SECRET_VALUE}-${version}`,
        });
        await rollOut(admins[cluster], manifest);
        // Serving traffic (the demo exporter's api profile), so the team's
        // signals have numbers.
        const blueApp = testDeployment(blue, BLUE_APP, version);
        const template = {
          ...blueApp.spec.template,
          metadata: {
            ...blueApp.spec.template.metadata,
            annotations: { 'devcluster.paasport.io/profile': 'api' },
          },
        };
        await rollOut(admins[cluster], {
          ...blueApp,
          spec: { ...blueApp.spec, template },
        });
      }
    }
    const started = await startPolicyBackend({
      clusters: [...CLUSTERS],
      entities: [
        group('blue', 'team', blue),
        group('red', 'team', red),
        group('admins', 'role'),
        group('copycat', 'team', grey),
        group('twin-a', 'team', twin),
        group('twin-b', 'team', twin),
        user('bella', ['blue']),
        user('rob', ['red']),
        declaredComponent(RED_APP, red, { owner: 'group:default/red' }),
        declaredComponent(BLUE_APP, blue, { owner: 'group:default/blue' }),
        // Forged by a blue member in a repository they control: their own
        // team as owner, red's namespace and workload in the annotations.
        declaredComponent('forged-ns', red, { owner: 'group:default/blue' }),
        {
          ...declaredComponent('forged-id', red, {
            owner: 'group:default/blue',
          }),
          metadata: {
            name: 'forged-id',
            namespace: 'default',
            annotations: { 'backstage.io/kubernetes-id': RED_APP },
          },
        },
        // A team of their own making, from a location they registered,
        // claiming red's namespace, with themselves as member.
        {
          ...untrustedOrigin(group('intruders', 'team', red)),
          spec: { type: 'team', children: [], members: ['bella'] },
        },
        declaredComponent('forged-team', red, {
          owner: 'group:default/intruders',
        }),
      ].map(entity =>
        ['forged-ns', 'forged-id', 'forged-team'].includes(entity.metadata.name)
          ? withKubernetesId(entity, RED_APP)
          : entity,
      ),
    });
    server = started.server;
    audits = started.audits;
    stop = () => started.backend.stop();
    for (const cluster of CLUSTERS) {
      await eventually(
        async () =>
          workloadsOf(await releasesOf('rob', RED_APP, cluster)).length === 1,
        60_000,
        `the catalog and the console cache to see red-app on ${cluster}`,
      );
    }
  });

  afterAll(async () => {
    await stop();
    for (const cluster of CLUSTERS) {
      for (const namespace of [blue, red, grey, twin]) {
        if (namespace && admins[cluster]) {
          await admins[cluster].core
            .deleteNamespace({ name: namespace })
            .catch(() => {});
        }
      }
    }
  });

  it('shows nothing of red through forged Components, and says why', async () => {
    for (const cluster of CLUSTERS) {
      expect(
        workloadsOf(await releasesOf('bella', 'forged-ns', cluster)),
      ).toEqual([]);
    }
    const forgedNs = await releasesOf('bella', 'forged-ns');
    expect(forgedNs.problems).toEqual(
      CLUSTERS.map(cluster =>
        expect.stringContaining(
          `backstage.io/kubernetes-namespace '${red}' is outside group:default/blue's namespace ${blue} on ${cluster}`,
        ),
      ),
    );
    // Only the id: looked for in blue's namespace alone, where it is not.
    expect(workloadsOf(await releasesOf('bella', 'forged-id'))).toEqual([]);
    const forgedTeam = await releasesOf('bella', 'forged-team');
    expect(workloadsOf(forgedTeam)).toEqual([]);
    expect(forgedTeam.problems).toEqual([
      expect.stringContaining(
        "its owner 'group:default/intruders' is not a team Paasport knows",
      ),
    ]);
  });

  it("gives a person their trusted teams, and a team only its own Components' workloads", async () => {
    const mine = await request(server)
      .get('/api/console/teams/mine')
      .set(as('bella'));
    expect(mine.status).toBe(200);
    // Not `intruders`, the team bella made up in a location she registered.
    expect(mine.body).toEqual({
      userEntityRef: 'user:default/bella',
      teams: ['group:default/blue'],
      admin: false,
    });

    const team = await request(server)
      .get('/api/console/entities/group/default/blue/releases')
      .set(as('bella'));
    expect(team.status).toBe(200);
    const body = team.body as ReleasesResponse;
    for (const entry of body.clusters) {
      // blue's own app only: the forged Components blue owns point at red's
      // namespace and workload and show nothing.
      expect(
        (entry as ClusterReleases).workloads.map(w => [w.namespace, w.name]),
      ).toEqual([[blue, BLUE_APP]]);
    }
    expect(body.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `backstage.io/kubernetes-namespace '${red}' is outside group:default/blue's namespace`,
        ),
      ]),
    );

    // A Group from an untrusted location is no team: nothing, and why.
    const forged = await request(server)
      .get('/api/console/entities/group/default/intruders/releases')
      .set(as('bella'));
    expect(forged.status).toBe(404);
    expect(forged.body.error.message).toContain(
      'group:default/intruders is not a team Paasport knows',
    );

    // The team's signals: blue's app on both clusters, with numbers once
    // Prometheus has scraped its pods.
    await eventually(
      async () => {
        const res = await request(server)
          .get('/api/console/entities/group/default/blue/signals')
          .set(as('bella'));
        expect(res.status).toBe(200);
        const signals = res.body as SignalsResponse;
        expect(signals.windowSeconds).toBe(300);
        // Every cluster answered: no error entries hide a missing workload.
        expect(signals.clusters.map(c => c.cluster).sort()).toEqual([
          'dev',
          'prod',
        ]);
        expect(signals.clusters.filter(c => !('workloads' in c))).toEqual([]);
        const workloads = signals.clusters.flatMap(c =>
          'workloads' in c ? c.workloads : [],
        );
        expect(workloads.map(w => `${w.namespace}/${w.name}`)).toEqual([
          `${blue}/${BLUE_APP}`,
          `${blue}/${BLUE_APP}`,
        ]);
        return workloads.every(
          w =>
            w.requestRate !== null &&
            w.requestRate > 0 &&
            w.errorRate !== null &&
            w.errorRate >= 0 &&
            w.errorRate < 0.2 &&
            w.latencyP95 !== null &&
            w.latencyP95 > 0,
        );
      },
      120_000,
      "Prometheus to have blue-app's requests on both clusters",
    );
  });

  it("shows each team's namespaces per cluster, and why a claimed one is refused", async () => {
    const namespacesOf = async (team: string) => {
      const res = await request(server)
        .get(`/api/console/teams/default/${team}/namespaces`)
        .set(as('bella'));
      return res;
    };
    expect((await namespacesOf('blue')).body).toEqual({
      team: 'group:default/blue',
      clusters: [
        { cluster: 'dev', namespace: blue, status: 'held' },
        { cluster: 'prod', namespace: blue, status: 'held' },
      ],
    });
    const copycat = (await namespacesOf('copycat')).body;
    expect(copycat.clusters).toEqual([
      {
        cluster: 'dev',
        namespace: grey,
        status: 'refused',
        message: `namespace ${grey} on dev is labelled paasport.io/team=grey, not copycat: it is refused to group:default/copycat`,
      },
      {
        cluster: 'prod',
        namespace: grey,
        status: 'missing',
        message: expect.stringContaining(
          `namespace ${grey} on prod does not exist`,
        ),
      },
    ]);
    for (const claimant of ['twin-a', 'twin-b']) {
      const { clusters } = (await namespacesOf(claimant)).body;
      expect(clusters[0]).toEqual({
        cluster: 'dev',
        namespace: twin,
        status: 'refused',
        message: `namespace ${twin} on dev is claimed by group:default/${claimant} and by group:default/${
          claimant === 'twin-a' ? 'twin-b' : 'twin-a'
        }; it is refused to all of them until only one claims it`,
      });
    }
    // A Group from a location the platform does not control is no team.
    const intruders = await namespacesOf('intruders');
    expect(intruders.status).toBe(404);
    expect(intruders.body.error.message).toContain(
      'group:default/intruders is not a team Paasport knows',
    );
    // A name the catalog could never hold is refused before anything else.
    expect((await namespacesOf('bad%0Aname')).status).toBe(400);
  });

  it('refuses rollback, logs and diff through forged Components; red is unchanged', async () => {
    const before = await readRaw(admin, red, RED_APP);
    const beforeProd = await readRaw(admins.prod, red, RED_APP);
    for (const entity of ['forged-ns', 'forged-id', 'forged-team']) {
      const onProd = await rollback('bella', entity, red, 'prod');
      expect(onProd.status).toBe(404);
      const res = await rollback('bella', entity, red);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(
        `No Deployment ${red}/${RED_APP}`,
      );
      expect((await logs('bella', entity, red)).status).toBe(404);
      const diff = await request(server)
        .get(`${entityPath(entity)}/releases/diff`)
        .query({ cluster: 'dev', workload: RED_APP, from: 1, to: 2 })
        .set(as('bella'));
      expect(diff.status).toBe(404);
    }
    await expectRedUnchanged(before.metadata.generation);
    await expectRedUnchanged(beforeProd.metadata.generation, 'prod');
    const refusals = audits.filter(
      a => a.eventId === 'workload-rollback' && a.outcome === 'fail',
    );
    expect(refusals.length).toBeGreaterThanOrEqual(6);
  });

  it("refuses a blue member rollback and logs of red's real Component", async () => {
    const before = await readRaw(admin, red, RED_APP);
    const beforeProd = await readRaw(admins.prod, red, RED_APP);
    expect((await rollback('bella', RED_APP, red, 'prod')).status).toBe(403);
    const res = await rollback('bella', RED_APP, red);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      `Not allowed: console.workload.rollback on component:default/${RED_APP}`,
    );
    const logRes = await logs('bella', RED_APP);
    expect(logRes.status).toBe(403);
    expect(logRes.body.error.message).toBe(
      `Not allowed: console.logs.read on component:default/${RED_APP}`,
    );
    await expectRedUnchanged(before.metadata.generation);
    await expectRedUnchanged(beforeProd.metadata.generation, 'prod');
    expect(
      audits.filter(a => a.outcome === 'fail').map(a => a.eventId),
    ).toEqual(
      expect.arrayContaining(['workload-rollback', 'workload-logs-read']),
    );
  });

  it('never shows env values in a diff, not even to the owner', async () => {
    const diff = await request(server)
      .get(`${entityPath(RED_APP)}/releases/diff`)
      .query({ cluster: 'dev', workload: RED_APP, from: 1, to: 2 })
      .set(as('rob'));
    expect(diff.status).toBe(200);
    expect(JSON.stringify(diff.body)).not.toContain(SECRET_VALUE);
    expect(diff.body.changes).toEqual(
      expect.arrayContaining([
        {
          path: 'spec.containers[app].env[DB_PASSWORD].value',
          change: 'changed',
        },
      ]),
    );
  });

  it('lets the owner stream logs and roll back, as themselves in the audit log', async () => {
    const since = new Date(Date.now() - 1000);
    const logRes = await logs('rob', RED_APP);
    expect(logRes.status).toBe(200);
    const res = await rollback('rob', RED_APP, red);
    expect(res.status).toBe(202);
    expect(res.body.rollback).toMatchObject({ actor: 'user:default/rob' });

    // The API server's audit log names the person on the write, and the
    // portal's own identity on none of the writes to red's Deployment.
    const writes = await eventually(
      async () => {
        const found = readAuditEvents('dev', since).filter(
          e =>
            ['patch', 'update', 'create', 'delete'].includes(e.verb) &&
            e.objectRef?.resource === 'deployments' &&
            e.objectRef.namespace === red &&
            e.objectRef.name === RED_APP,
        );
        return found.length > 0 && found;
      },
      10_000,
      'the rollback in the audit log',
    );
    expect(writes).toEqual([
      expect.objectContaining({
        verb: 'patch',
        user: expect.objectContaining({
          username: 'system:serviceaccount:paasport-system:paasport-portal',
        }),
        impersonatedUser: {
          username: 'paasport:user:default/rob',
          // The API server adds system:authenticated to everyone.
          groups: ['paasport:group:default/red', 'system:authenticated'],
        },
        responseStatus: expect.objectContaining({ code: 200 }),
      }),
    ]);
  });

  it("is refused by the cluster itself when a blue member's identity writes in red", async () => {
    // The check the portal makes first, taken away: the API server's RBAC
    // still refuses blue's identity in red's namespace.
    expect.assertions(2 * 3);
    const { data } = await devcluster();
    const bella = new KubernetesIdentities().person('user:default/bella', [
      'group:default/blue',
    ]);
    for (const name of CLUSTERS) {
      const cluster = KubernetesClusters.fromConfig(
        new ConfigReader(data as any),
      ).get(name)!;
      const objects = new KubernetesObjects(cluster, {
        as: bella,
        fieldManager: 'tenancy-it',
      });
      await refusedByTheCluster(objects, admins[name]);
    }
  });

  async function refusedByTheCluster(
    objects: KubernetesObjects,
    clusterAdmin: AdminApis,
  ) {
    const before = await readRaw(clusterAdmin, red, RED_APP);
    await expect(
      objects.patch(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: red,
          name: RED_APP,
        },
        { metadata: { annotations: { 'tenancy-it/touched': 'yes' } } },
        'merge',
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('paasport:user:default/bella'),
    });
    const after = await readRaw(clusterAdmin, red, RED_APP);
    expect(after.metadata.annotations?.['tenancy-it/touched']).toBeUndefined();
    expect(after.metadata.generation).toBe(before.metadata.generation);
  }
});

function withKubernetesId<T extends { metadata: any }>(
  entity: T,
  id: string,
): T {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        'backstage.io/kubernetes-id': id,
      },
    },
  };
}
