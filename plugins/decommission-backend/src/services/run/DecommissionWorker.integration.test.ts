import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readAuditEvents, readDevclusterConfig } from '@paasport/devcluster';
import {
  ApplicationModel,
  KubernetesClusters,
} from '@paasport/kubernetes-node';
import {
  teamGroup,
  testApplicationModel,
} from '@paasport/kubernetes-node/testUtils';
import { DecommissionItem } from '@paasport/plugin-decommission-common';
import {
  eventually,
  recordingAuditor,
} from '@paasport/plugin-paasport-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  adminClients,
  AdminClients,
  deleteNamespace,
} from '../../__testUtils__/scratchApp';
import {
  createTeamNamespace,
  scratchConfigMaps,
  teamComponent,
} from '../../__testUtils__/teamNamespace';
import { DatabaseDecommissionStore } from '../../database/DecommissionStore';
import { CatalogEntities } from '../catalog/CatalogEntities';
import { KubernetesRemover } from '../kubernetes/KubernetesRemover';
import { MarketplaceMiddleware } from '../middleware/MarketplaceMiddleware';
import { SourceRepositories } from '../repository/SourceRepositories';
import { DecommissionRunner } from './DecommissionRunner';
import { DecommissionWorker } from './DecommissionWorker';

/*
 * A run resumed by a second worker against the dev cluster, on the running
 * PostgreSQL: worker A deletes one ConfigMap, sends the delete of the
 * second and is cut off before it can record it (its replica gone); worker
 * B, which never saw a request or a sign-in, takes the run over after A's
 * lease, deletes the second again by uid (already gone, not an error) and
 * the third, as the person stored with the run: the cluster's audit log
 * shows every delete as alice. Fails when the dev cluster is down.
 */
jest.setTimeout(180_000);

const LEASE_MS = 3_000;
const id = `${Date.now().toString(36)}${Math.random()
  .toString(36)
  .slice(2, 5)}`;
const team = `decom-wk-${id}`;
const componentRef = 'component:default/svc';
const alice = 'user:default/alice';
const RUN = '00000000-0000-4000-8000-0000000000b1';
const NAMES = ['first', 'second', 'third'];

const component = teamComponent(team);

const notThisStep = () => Promise.reject(new Error('not in this test'));

describe('a decommission run resumed by another worker on the dev cluster', () => {
  const databases = createTestDatabases(['POSTGRES_15']);
  let admin: AdminClients;
  let model: ApplicationModel;
  const pools: Knex[] = [];

  beforeAll(async () => {
    admin = await adminClients('dev');
    await createTeamNamespace(admin, team, team);
    model = testApplicationModel({
      entities: [teamGroup(team, team, ['alice']), component],
      clusters: KubernetesClusters.fromConfig(
        new ConfigReader(readDevclusterConfig().data),
      ),
    });
  });

  afterAll(async () => {
    for (const pool of pools) await pool.destroy();
    if (admin) await deleteNamespace(admin, team);
  });

  const { create: createConfigMap, uidOf } = scratchConfigMaps(
    () => admin,
    team,
  );

  /** A worker with its own connections to the database, as a replica has. */
  async function replica(
    config: Knex.Config,
    owner: string,
    kubernetes: Pick<KubernetesRemover, 'remove'>,
  ) {
    const knex = knexFactory(config);
    pools.push(knex);
    const store = await DatabaseDecommissionStore.create({
      database: { getClient: async () => knex },
    });
    const logger = mockServices.logger.mock();
    const audits = recordingAuditor();
    const worker = new DecommissionWorker({
      store,
      runner: new DecommissionRunner({
        store,
        kubernetes,
        middleware: { remove: notThisStep } as unknown as MarketplaceMiddleware,
        repositories: {
          archive: notThisStep,
        } as unknown as SourceRepositories,
        entities: {
          unregister: notThisStep,
          delete: notThisStep,
        } as unknown as CatalogEntities,
        model,
        logger,
      }),
      auditor: audits.auditor,
      logger,
      leaseMs: LEASE_MS,
      owner,
    });
    return { knex, store, worker, audits: audits.records };
  }

  it('continues where the stopped worker was, each object deleted as the person', async () => {
    const since = new Date(Date.now() - 1000);
    const knex = await databases.init('POSTGRES_15');
    const config = { client: 'pg', connection: knex.client.config.connection };
    const uids = new Map<string, string>();
    for (const name of NAMES) uids.set(name, await createConfigMap(name));
    const items: DecommissionItem[] = NAMES.map(name => ({
      key: `kubernetes:dev:v1/ConfigMap:${team}/${name}`,
      step: 'kubernetes',
      action: 'delete',
      title: `ConfigMap ${team}/${name} on dev`,
      entityRef: componentRef,
      target: {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: team,
        name,
        uid: uids.get(name)!,
      },
    }));

    const remover = new KubernetesRemover({
      model,
      grantRoles: {
        namespaced: ['tekton-triggers-eventlistener-roles', 'paasport-team'],
        cluster: 'tekton-triggers-eventlistener-clusterroles',
      },
      goneWaitMs: 10_000,
      pollMs: 200,
    });
    // A's replica is cut off right after its delete of the second object
    // reached the cluster, before it could record it.
    let cutOff = false;
    const a = await replica(config, 'worker-a', {
      remove: async (target, acting, entityRef) => {
        const outcome = await remover.remove(target, acting, entityRef);
        if (target.name !== 'second') return outcome;
        cutOff = true;
        return new Promise<never>(() => {});
      },
    });
    const b = await replica(config, 'worker-b', remover);

    // What the start recorded: the checked scope and alice as the actor.
    const scope = await model.scopeOf(
      componentRef,
      mockCredentials.user(alice),
    );
    expect(scope.components[0]?.namespaces.dev).toBe(team);
    await a.store.createRun({
      id: RUN,
      entityRef: componentRef,
      kind: 'Component',
      actor: alice,
      items,
      scope,
    });

    expect(await a.worker.poll()).toBe(1);
    await eventually(() => cutOff, 60_000, 'A to delete the second object');
    await a.knex.destroy();
    expect(await uidOf('second')).toBeUndefined();
    expect(await uidOf('third')).toBe(uids.get('third'));
    // A gives the run up once it could not renew its lease for a lease.
    await a.worker.drain();

    const run = await eventually(
      async () => {
        await b.worker.poll();
        const current = await b.store.getRun(RUN);
        return current?.status !== 'running' && current;
      },
      60_000,
      'worker B to finish the run',
    );
    await b.worker.drain();
    expect(run.status).toBe('succeeded');
    expect(
      run.items.map(i => [
        i.target.type === 'kubernetes' && i.target.name,
        i.status,
        i.outcome,
      ]),
    ).toEqual([
      ['first', 'done', 'deleted'],
      ['second', 'done', 'already gone'],
      ['third', 'done', 'deleted'],
    ]);
    expect(run.history?.map(e => e.message)).toEqual([
      `started by ${alice}`,
      'claimed by worker worker-a',
      expect.stringMatching(
        new RegExp(
          `^worker worker-a stopped \\(lease expired at .*\\) while on ConfigMap ${team}/second on dev; resumed by worker worker-b$`,
        ),
      ),
      'succeeded: 3 item(s) done',
    ]);
    for (const name of NAMES) expect(await uidOf(name)).toBeUndefined();
    expect(b.audits).toEqual([
      expect.objectContaining({
        outcome: 'success',
        meta: expect.objectContaining({
          actor: alice,
          takenOverFrom: 'worker-a',
        }),
      }),
    ]);

    // The cluster saw every delete as alice, B's included: the second
    // object once deleted (200), then already gone (404).
    const deletes = await eventually(
      async () => {
        const found = readAuditEvents('dev', since).filter(
          e =>
            e.stage === 'ResponseComplete' &&
            e.verb === 'delete' &&
            e.objectRef?.namespace === team,
        );
        return found.length >= 4 && found;
      },
      10_000,
      'the audit events of the deletes',
    );
    expect(
      deletes.map(e => [
        e.objectRef?.name,
        e.impersonatedUser?.username,
        e.responseStatus?.code,
      ]),
    ).toEqual([
      ['first', 'paasport:user:default/alice', 200],
      ['second', 'paasport:user:default/alice', 200],
      ['second', 'paasport:user:default/alice', 404],
      ['third', 'paasport:user:default/alice', 200],
    ]);
  });
});
