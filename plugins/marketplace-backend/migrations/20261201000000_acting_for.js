// @ts-check

/**
 * Whom the processor acts for on the clusters. It works in the background,
 * so the person who asked for the operation in flight (the requester while
 * provisioning, whoever asked to deprovision or unbind) is kept with the
 * row: the processor impersonates them, so the cluster's RBAC decides what
 * they may do and its audit log names them. Null on rows from before: the
 * creator (`created_by`) is meant.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('marketplace_requests', table => {
    table
      .string('acting_for', 255)
      .nullable()
      .comment(
        'User entity ref the processor acts as on the clusters (who asked for the operation in flight); null means created_by',
      );
  });
  await knex.schema.alterTable('marketplace_bindings', table => {
    table
      .string('acting_for', 255)
      .nullable()
      .comment(
        'User entity ref the processor acts as for this binding (who asked to bind or unbind); null means created_by',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('marketplace_bindings', table => {
    table.dropColumn('acting_for');
  });
  await knex.schema.alterTable('marketplace_requests', table => {
    table.dropColumn('acting_for');
  });
};
