// @ts-check

/**
 * The broker's own state: which instances and bindings it manages and the
 * asynchronous operations behind them, so that it survives restarts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('osb_instances', table => {
    table.comment('Service instances the platform asked this broker for');
    table
      .string('instance_id', 255)
      .primary()
      .comment('Instance id chosen by the platform');
    table.string('service_id', 255).notNullable().comment('Catalog service id');
    table.string('plan_id', 255).notNullable().comment('Catalog plan id');
    table
      .text('parameters')
      .notNullable()
      .comment('Provision parameters, JSON, compared on idempotent PUTs');
    table
      .text('context')
      .notNullable()
      .comment('Platform context, JSON, compared on idempotent PUTs');
    table
      .string('resource_name', 64)
      .notNullable()
      .unique()
      .comment('Database name or key prefix on the shared server');
    table
      .string('state', 32)
      .notNullable()
      .comment('provisioning | ready | failed | deprovisioning | deleted');
    table
      .string('operation_id', 64)
      .nullable()
      .comment('Last asynchronous operation, returned to the platform');
    table
      .string('originating_identity', 1024)
      .nullable()
      .comment('X-Broker-API-Originating-Identity of the request, for audit');
    table
      .dateTime('created_at', { useTz: true })
      .notNullable()
      .comment('When the instance was first requested');
    table
      .dateTime('updated_at', { useTz: true })
      .notNullable()
      .comment('Last state change');
    table.index(['state'], 'osb_instances_state_idx');
  });

  await knex.schema.createTable('osb_operations', table => {
    table.comment('Asynchronous operations, polled through last_operation');
    table.string('id', 64).primary().comment('Operation id sent to platforms');
    table
      .string('instance_id', 255)
      .notNullable()
      .comment('Instance the operation acts on');
    table.string('type', 32).notNullable().comment('provision | deprovision');
    table
      .string('state', 32)
      .notNullable()
      .comment('OSB state: in progress | succeeded | failed');
    table
      .text('description')
      .nullable()
      .comment('User-facing progress or failure message');
    table
      .dateTime('created_at', { useTz: true })
      .notNullable()
      .comment('When the operation started');
    table
      .dateTime('updated_at', { useTz: true })
      .notNullable()
      .comment('When it last changed');
    table.index(['instance_id'], 'osb_operations_instance_idx');
  });

  await knex.schema.createTable('osb_bindings', table => {
    table.comment('Service bindings: one server user per binding');
    table
      .string('instance_id', 255)
      .notNullable()
      .comment('Instance the binding belongs to');
    table
      .string('binding_id', 255)
      .notNullable()
      .comment('Binding id chosen by the platform');
    table.string('service_id', 255).notNullable().comment('Catalog service id');
    table.string('plan_id', 255).notNullable().comment('Catalog plan id');
    table
      .text('request')
      .notNullable()
      .comment('Bind parameters and bind_resource, JSON, for idempotent PUTs');
    table
      .string('username', 64)
      .notNullable()
      .comment('User created on the shared server');
    table
      .text('credentials')
      .notNullable()
      .comment('Credentials sealed with AES-256-GCM, never plaintext');
    table
      .string('state', 32)
      .notNullable()
      .comment('creating (user may be half made) | ready');
    table
      .dateTime('created_at', { useTz: true })
      .notNullable()
      .comment('When the binding was requested');
    table.primary(['instance_id', 'binding_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('osb_bindings');
  await knex.schema.dropTable('osb_operations');
  await knex.schema.dropTable('osb_instances');
};
