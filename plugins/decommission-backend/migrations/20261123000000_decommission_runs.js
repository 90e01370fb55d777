/*
 * Decommission runs and their items: the report of what was removed and what
 * failed, and the state a retry continues from. The audit log records who
 * started each run; these tables record how far it got.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('decommission_runs', table => {
    table.comment('Decommissions of catalog entities and their progress');
    table.string('id', 36).primary().comment('UUID of the run');
    table
      .string('entity_ref')
      .notNullable()
      .comment('The Component or System being decommissioned');
    table.string('kind').notNullable().comment('Component or System');
    table
      .string('actor')
      .notNullable()
      .comment('Entity ref of the user who started the run or its last retry');
    table
      .string('status')
      .notNullable()
      .comment('running, succeeded or failed');
    table
      .string('active_entity_ref')
      .nullable()
      .unique({ indexName: 'decommission_runs_active_uq' })
      .comment(
        'entity_ref while the run is running, else NULL: at most one running decommission per entity',
      );
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(1)
      .comment('1, plus one per retry');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When the run was started');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment(
        'Last progress; a running run without progress for long counts as interrupted',
      );
    table
      .timestamp('finished_at', { useTz: true })
      .nullable()
      .comment('When the last attempt ended');
    table.index(['entity_ref'], 'decommission_runs_entity_idx');
  });

  await knex.schema.createTable('decommission_items', table => {
    table.comment('What a decommission run removes, one row per thing');
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('decommission_runs')
      .onDelete('CASCADE')
      .comment('The run this item belongs to');
    table
      .string('key', 512)
      .notNullable()
      .comment('Stable id of the item, the same in the preview');
    table
      .integer('position')
      .notNullable()
      .comment('Order in which the run handles the items');
    table
      .string('step')
      .notNullable()
      .comment('kubernetes, middleware, repository or catalog');
    table
      .string('action')
      .notNullable()
      .comment('delete, deprovision, archive, unregister or none');
    table.text('title').notNullable().comment('Description for people');
    table
      .string('entity_ref')
      .nullable()
      .comment('Component or System the item belongs to');
    table
      .text('note')
      .nullable()
      .comment('Why the item is left alone, or a detail');
    table
      .text('target')
      .notNullable()
      .comment(
        'JSON: what to act on (cluster object, instance, repository, location, entity)',
      );
    table
      .string('status')
      .notNullable()
      .comment('pending, done, failed or skipped');
    table
      .text('outcome')
      .nullable()
      .comment('What happened, e.g. deleted or already gone');
    table.text('error').nullable().comment('Why the last attempt failed');
    table
      .timestamp('updated_at', { useTz: true })
      .nullable()
      .comment('When the status last changed');
    table.primary(['run_id', 'key']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('decommission_items');
  await knex.schema.dropTable('decommission_runs');
};
