// @ts-check

/**
 * Undo of abandoned tasks on several replicas: the sweep runs on every
 * replica, so each task it undoes is claimed with a short, renewed lease
 * (one replica undoes it; a dead one's claim runs out within a lease), and
 * what happened to the task — who ran it, who took its undo over, who
 * stopped mid-way and who resumed — is kept as a history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('paasport_task_ledger', table => {
    table
      .string('recorded_by', 128)
      .nullable()
      .comment(
        'Replica (process) whose step recorded the entry, i.e. the one that ran the task; null on entries from before it was kept',
      );
    table
      .string('undone_by', 128)
      .nullable()
      .comment(
        'Who last settled the entry: the replica that ran the task (its own undo step) or the sweep that held the task claim',
      );
  });
  await knex.schema.createTable('paasport_task_undo_claims', table => {
    table.comment(
      'Which replica is undoing an abandoned task, for how long (renewed while the undo runs)',
    );
    table
      .string('task_id', 64)
      .primary()
      .comment('Scaffolder task id, as in paasport_task_ledger');
    table
      .string('lease_owner', 128)
      .nullable()
      .comment(
        'The sweep (replica) undoing the task; null when nobody is; still set after its lease ran out means it stopped mid-undo',
      );
    table
      .timestamp('lease_expires_at', { useTz: true })
      .nullable()
      .comment('After this another replica may take the undo over');
    table
      .integer('claims')
      .notNullable()
      .defaultTo(0)
      .comment('How many times a sweep has claimed the task');
    table
      .timestamp('updated_at', { useTz: true })
      .nullable()
      .comment('Last claim, renewal or release');
  });
  await knex.schema.createTable('paasport_task_undo_history', table => {
    table.comment(
      'What happened to the undo of an abandoned task: abandonment, takeovers, results',
    );
    table.increments('seq').primary().comment('Order of events');
    table
      .string('task_id', 64)
      .notNullable()
      .comment('Scaffolder task id, as in paasport_task_ledger');
    table
      .string('event', 32)
      .notNullable()
      .comment('abandoned | taken-over | reclaimed | finished | interrupted');
    table
      .string('actor', 128)
      .notNullable()
      .comment('The sweep (replica) that wrote the event');
    table.text('message').notNullable().comment('What happened, for people');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When it happened');
    table.index(['task_id'], 'paasport_task_undo_history_task_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paasport_task_undo_history');
  await knex.schema.dropTable('paasport_task_undo_claims');
  await knex.schema.alterTable('paasport_task_ledger', table => {
    table.dropColumn('undone_by');
    table.dropColumn('recorded_by');
  });
};
