import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { TaskLedger } from './TaskLedger';

// The PostgreSQL every machine of this project runs (trust auth); an
// explicitly configured one wins.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('TaskLedger on %p', databaseId => {
  it('migrates up and down', async () => {
    const knex = await databases.init(databaseId);
    await TaskLedger.create({ database: knex });
    expect(await knex.schema.hasTable('paasport_task_ledger')).toBe(true);
    expect(
      await knex.schema.hasColumn('paasport_task_ledger', 'initiator'),
    ).toBe(true);
    for (const table of [
      'paasport_task_undo_claims',
      'paasport_task_undo_history',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    expect(
      await knex.schema.hasColumn('paasport_task_ledger', 'recorded_by'),
    ).toBe(true);
    const down = () =>
      knex.migrate.down({
        directory: path.resolve(__dirname, '../../migrations'),
        tableName: 'paasport_task_ledger_migrations',
      });
    // Down from the undo claims: their tables and the ledger's replica
    // columns go, the initiator stays.
    await down();
    expect(await knex.schema.hasTable('paasport_task_undo_claims')).toBe(false);
    expect(await knex.schema.hasTable('paasport_task_undo_history')).toBe(
      false,
    );
    expect(
      await knex.schema.hasColumn('paasport_task_ledger', 'recorded_by'),
    ).toBe(false);
    expect(
      await knex.schema.hasColumn('paasport_task_ledger', 'undone_by'),
    ).toBe(false);
    expect(
      await knex.schema.hasColumn('paasport_task_ledger', 'initiator'),
    ).toBe(true);
    // One more step down leaves the first migration's table without it.
    await down();
    expect(
      await knex.schema.hasColumn('paasport_task_ledger', 'initiator'),
    ).toBe(false);
    await TaskLedger.rollbackAll(knex);
    expect(await knex.schema.hasTable('paasport_task_ledger')).toBe(false);
    // The scaffolder's own migrations table is not ours to touch.
    expect(await knex.schema.hasTable('paasport_task_ledger_migrations')).toBe(
      true,
    );
  });

  it('records once per resource, lists newest first and settles', async () => {
    const knex = await databases.init(databaseId);
    const ledger = await TaskLedger.create({ database: knex });
    const ns = {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'a',
    } as const;
    const initiator = 'user:default/alice';
    await ledger.record('t', ns, { stepId: 'namespace', initiator });
    // A retried step, with the uid the object got: the first entry stays.
    await ledger.record(
      't',
      { ...ns, uid: 'u1' },
      { stepId: 'namespace', initiator },
    );
    await ledger.record(
      't',
      {
        type: 'gitea-webhook',
        host: 'h',
        owner: 'o',
        repo: 'r',
        hookId: 3,
      },
      { initiator },
    );
    await ledger.record('u', ns, { initiator: 'user:default/bob' });
    expect(await ledger.initiatorOf('t')).toBe(initiator);
    // Which replica ran the task: the one whose ledger recorded it.
    expect(await ledger.replicasOf('t')).toEqual([ledger.replica]);
    expect(await ledger.replicasOf('none')).toEqual([]);
    expect(await ledger.initiatorOf('u')).toBe('user:default/bob');
    expect(await ledger.initiatorOf('none')).toBeUndefined();
    const entries = await ledger.entries('t');
    expect(entries.map(e => e.resource.type)).toEqual([
      'gitea-webhook',
      'kubernetes',
    ]);
    expect(entries[1]).toMatchObject({
      stepId: 'namespace',
      initiator,
      status: 'created',
      resource: ns,
    });
    expect(await ledger.settle(entries[1].seq, 'removed', 'removed')).toBe(
      true,
    );
    expect((await ledger.entries('t'))[1]).toMatchObject({
      status: 'removed',
      message: 'removed',
      recordedBy: ledger.replica,
      undoneBy: ledger.replica,
    });
    expect(await ledger.forget('t')).toBe(2);
    expect(await ledger.entries('u')).toHaveLength(1);
  });

  it('lists the tasks undo has not dealt with, oldest first', async () => {
    const knex = await databases.init(databaseId);
    const ledger = await TaskLedger.create({ database: knex });
    const object = (name: string) =>
      ({
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'n',
        name,
      } as const);
    const initiator = 'user:default/alice';
    await ledger.record('older', object('a'), { initiator });
    await ledger.record('settled', object('b'), { initiator });
    await ledger.record('newer', object('c'), {
      status: 'intended',
      initiator,
    });
    await ledger.record('older', object('d'), { initiator });
    const [settled] = await ledger.entries('settled');
    await ledger.settle(settled.seq, 'failed', 'HTTP 403');
    expect(await ledger.tasksWithOpenEntries()).toEqual(['older', 'newer']);
    expect(await ledger.tasksWithOpenEntries(1)).toEqual(['older']);
  });
});
