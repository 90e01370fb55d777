// @ts-check

/*
 * Runs become claimed work: a worker on any backend replica leases a run
 * (lease_owner, lease_expires_at) and renews the lease while it works, so a
 * run whose replica died is taken over by another within one lease. The run
 * keeps what it acts within (scope) so any replica can continue it, each
 * item says which worker is on it right now (so a takeover knows what was
 * cut short), and the run's history records starts, takeovers and ends.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('decommission_runs', table => {
    table
      .string('lease_owner', 255)
      .nullable()
      .comment(
        'Worker holding the run (a backend replica); NULL while it waits for one',
      );
    table
      .timestamp('lease_expires_at', { useTz: true })
      .nullable()
      .comment(
        'Until when lease_owner holds the run; renewed while it works, after it any worker may take the run over',
      );
    table
      .text('scope')
      .nullable()
      .comment(
        "JSON: the application model's scope the start or retry was checked against (Components, their teams and namespaces per cluster); NULL on runs from before",
      );
    table.index(['status', 'lease_expires_at'], 'decommission_runs_due_idx');
  });

  await knex.schema.alterTable('decommission_items', table => {
    table
      .string('in_progress_by', 255)
      .nullable()
      .comment(
        'Worker acting on the item right now; set before and cleared after, so a takeover knows which item was cut short',
      );
  });

  await knex.schema.createTable('decommission_run_events', table => {
    table.comment(
      'History of decommission runs: starts, retries, workers, ends',
    );
    table.increments('id').comment('Order of the events');
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('decommission_runs')
      .onDelete('CASCADE')
      .comment('The run the event belongs to');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When it happened');
    table
      .string('actor', 255)
      .notNullable()
      .comment('User entity ref, or worker:<id> for a backend replica');
    table.text('message').notNullable().comment('What happened, for people');
    table.index(['run_id'], 'decommission_run_events_run_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('decommission_run_events');
  await knex.schema.alterTable('decommission_items', table => {
    table.dropColumn('in_progress_by');
  });
  await knex.schema.alterTable('decommission_runs', table => {
    table.dropIndex(
      ['status', 'lease_expires_at'],
      'decommission_runs_due_idx',
    );
    table.dropColumn('scope');
    table.dropColumn('lease_expires_at');
    table.dropColumn('lease_owner');
  });
};
