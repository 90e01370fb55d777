/*
 * The rollbacks started from the application console: the audit log says who
 * did what; this table follows each rollout until it finishes.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('console_rollbacks', table => {
    table.comment(
      'Rollbacks started from the application console and how far each rollout got',
    );
    table.string('id', 36).primary().comment('UUID of the rollback');
    table
      .string('entity_ref')
      .notNullable()
      .comment('Catalog entity (Component) the workload belongs to');
    table
      .string('cluster')
      .notNullable()
      .comment('Cluster name, as in kubernetes.clusterLocatorMethods');
    table
      .string('namespace')
      .notNullable()
      .comment('Namespace of the workload');
    table
      .string('kind')
      .notNullable()
      .comment('Workload kind, e.g. Deployment');
    table.string('name').notNullable().comment('Workload name');
    table
      .integer('from_revision')
      .notNullable()
      .comment('Revision that was running when the rollback started');
    table
      .integer('to_revision')
      .notNullable()
      .comment('Revision whose pod template was restored');
    table
      .integer('new_revision')
      .nullable()
      .comment('Revision number the controller gave the restored template');
    table
      .integer('target_generation')
      .notNullable()
      .comment(
        'metadata.generation after the patch; the rollout counts once the controller observed it',
      );
    table.text('reason').notNullable().comment('Why the user rolled back');
    table
      .string('actor')
      .notNullable()
      .comment('Entity ref of the user who rolled back');
    table
      .boolean('forced')
      .notNullable()
      .defaultTo(false)
      .comment(
        'Rolled back although Helm, Argo CD or Flux manages the workload',
      );
    table
      .string('status')
      .notNullable()
      .comment('progressing, succeeded, failed or superseded');
    table.text('message').nullable().comment('Details of the current status');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When the rollback was applied');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When the status last changed');
    table
      .timestamp('finished_at', { useTz: true })
      .nullable()
      .comment('When the rollout succeeded, failed or was superseded');
    table.index(['status'], 'console_rollbacks_status_idx');
    table.index(
      ['cluster', 'namespace', 'name'],
      'console_rollbacks_workload_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('console_rollbacks');
};
