// @ts-check

/**
 * Who started each task: undo (the task's own step or the sweep, later and
 * from another process) removes the task's Kubernetes objects as that person,
 * so the clusters' RBAC and audit log see them, not the portal.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('paasport_task_ledger', table => {
    table
      .string('initiator', 255)
      .nullable()
      .comment(
        'User entity ref of who started the task (the same on every entry of a task); null on entries recorded before it was kept',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('paasport_task_ledger', table => {
    table.dropColumn('initiator');
  });
};
