/*
 * Workload discovery state, in the catalog's database: the last workload list
 * of every cluster (so an unreachable cluster keeps its entities) and what the
 * provider emitted last (so every run sends only a delta, whichever replica
 * runs it and across restarts).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paasport_discovery_workloads', table => {
    table.comment(
      'Last successful workload list per cluster, used while a cluster is unreachable',
    );
    table
      .string('cluster')
      .primary()
      .comment('Cluster name, as in kubernetes.clusterLocatorMethods');
    table
      .text('workloads', 'longtext')
      .notNullable()
      .comment('JSON array of the labelled Deployments and StatefulSets');
    table
      .timestamp('listed_at', { useTz: true })
      .notNullable()
      .comment('When the cluster answered this list');
  });
  await knex.schema.createTable('paasport_discovery_entities', table => {
    table.comment('Entities the discovery provider last gave the catalog');
    table
      .string('entity_ref')
      .primary()
      .comment('Entity ref, e.g. component:default/payments-ledger-db');
    table
      .string('hash', 64)
      .notNullable()
      .comment('SHA-256 of the emitted entity; a change means re-emit');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paasport_discovery_entities');
  await knex.schema.dropTable('paasport_discovery_workloads');
};
