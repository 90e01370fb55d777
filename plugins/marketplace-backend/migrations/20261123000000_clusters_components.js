// @ts-check

/**
 * Where credentials go and who uses them: the cluster chosen for an instance
 * and for each binding (a team's namespace can differ per cluster), and the
 * Component an instance was requested for or a binding is used by, so that a
 * Component page can list its middleware.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('marketplace_requests', table => {
    table
      .string('cluster', 253)
      .nullable()
      .comment('Cluster chosen for the instance; null when none was chosen');
    table
      .string('component_ref', 255)
      .nullable()
      .comment('Component entity ref the instance was requested for, if any');
    table.index(['system_ref'], 'marketplace_requests_system_idx');
    table.index(['component_ref'], 'marketplace_requests_component_idx');
  });
  await knex.schema.alterTable('marketplace_bindings', table => {
    table
      .string('cluster', 253)
      .nullable()
      .comment('Cluster of the Secret; null when no clusters are configured');
    table
      .string('component_ref', 255)
      .nullable()
      .comment('Component entity ref using the credentials, if given');
    table.index(['component_ref'], 'marketplace_bindings_component_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('marketplace_bindings', table => {
    table.dropIndex(['component_ref'], 'marketplace_bindings_component_idx');
    table.dropColumn('cluster');
    table.dropColumn('component_ref');
  });
  await knex.schema.alterTable('marketplace_requests', table => {
    table.dropIndex(['system_ref'], 'marketplace_requests_system_idx');
    table.dropIndex(['component_ref'], 'marketplace_requests_component_idx');
    table.dropColumn('cluster');
    table.dropColumn('component_ref');
  });
};
