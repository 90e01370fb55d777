// @ts-check

/**
 * Instance requests, their bindings and their history. Credentials are never
 * stored: they go from the provider straight into the application's Secret.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('marketplace_requests', table => {
    table.comment('Requests for middleware instances and their lifecycle');
    table
      .string('id', 36)
      .primary()
      .comment('Request id; also the provider instance id');
    table
      .string('name', 63)
      .notNullable()
      .comment('Instance name, unique per team while alive');
    table
      .string('offering_id', 64)
      .notNullable()
      .comment('Offering from marketplace.offerings');
    table.string('plan_id', 64).notNullable().comment('Plan of the offering');
    table
      .string('provider', 128)
      .notNullable()
      .comment('Back end, e.g. osb:shared');
    table
      .text('provider_options')
      .notNullable()
      .comment('Plan providerOptions at request time, JSON');
    table
      .string('team_ref', 255)
      .notNullable()
      .comment('Owning team (Group entity ref)');
    table
      .string('system_ref', 255)
      .notNullable()
      .comment('Owning application (System entity ref)');
    table
      .string('namespace', 63)
      .notNullable()
      .comment('Team namespace credentials go to');
    table
      .text('parameters')
      .notNullable()
      .comment('Validated plan parameters, JSON');
    table
      .float('size_gb')
      .notNullable()
      .comment('Size counted against the team quota, GiB');
    table
      .string('state', 32)
      .notNullable()
      .comment(
        'pending | awaiting_approval | provisioning | ready | failed | rejected | deprovisioning | deleted',
      );
    table
      .boolean('orphan_cleanup')
      .notNullable()
      .defaultTo(false)
      .comment('Provider may hold leftovers to delete before going on');
    table
      .boolean('force_delete')
      .notNullable()
      .defaultTo(false)
      .comment('Deprovision requested with force: unbind everything first');
    table
      .text('operation')
      .nullable()
      .comment('Provider operation token in flight');
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Consecutive failed attempts of the current step, for backoff');
    table
      .text('last_error')
      .nullable()
      .comment('Last failure message, kept while retrying');
    table
      .dateTime('next_attempt_at', { useTz: true })
      .nullable()
      .comment('When the processor should act next; null when nothing is due');
    table
      .dateTime('step_started_at', { useTz: true })
      .nullable()
      .comment('When the current state was entered, for deadlines');
    table
      .string('lease_owner', 64)
      .nullable()
      .comment('Processor holding the row');
    table
      .dateTime('lease_expires_at', { useTz: true })
      .nullable()
      .comment('Until when the lease holds');
    table
      .string('created_by', 255)
      .notNullable()
      .comment('User entity ref of the requester');
    table
      .string('idempotency_key', 255)
      .nullable()
      .comment('Client-chosen key: a retried create returns the same request');
    table
      .string('request_hash', 64)
      .nullable()
      .comment(
        'SHA-256 of the create body, to detect key reuse with another body',
      );
    table
      .string('decided_by', 255)
      .nullable()
      .comment('Who approved or rejected');
    table
      .text('decision_reason')
      .nullable()
      .comment('Why, as given by the approver');
    table
      .dateTime('created_at', { useTz: true })
      .notNullable()
      .comment('When requested');
    table
      .dateTime('updated_at', { useTz: true })
      .notNullable()
      .comment('Last change');
    table.unique(['created_by', 'idempotency_key'], {
      indexName: 'marketplace_requests_idempotency_uq',
    });
    table.index(['next_attempt_at'], 'marketplace_requests_due_idx');
    table.index(['team_ref', 'state'], 'marketplace_requests_team_idx');
  });

  await knex.schema.createTable('marketplace_bindings', table => {
    table.comment(
      'Bindings: credentials of an instance for the team namespace',
    );
    table
      .string('id', 36)
      .primary()
      .comment('Binding id; also the provider binding id');
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('marketplace_requests')
      .onDelete('CASCADE')
      .comment('Instance request bound');
    table
      .string('name', 63)
      .notNullable()
      .comment('Binding name; also names the Secret');
    table
      .string('namespace', 63)
      .notNullable()
      .comment('Namespace of the Secret');
    table
      .string('secret_name', 253)
      .notNullable()
      .comment('Kubernetes Secret receiving the credentials');
    table
      .string('state', 32)
      .notNullable()
      .comment('pending | ready | failed | unbinding | deleted');
    table
      .boolean('orphan_cleanup')
      .notNullable()
      .defaultTo(false)
      .comment('Provider may hold a user to delete');
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Consecutive failed attempts, for backoff');
    table.text('last_error').nullable().comment('Last failure message');
    table
      .dateTime('delivered_at', { useTz: true })
      .nullable()
      .comment('When the Secret was written');
    table
      .dateTime('next_attempt_at', { useTz: true })
      .nullable()
      .comment('When the processor should act next');
    table
      .string('lease_owner', 64)
      .nullable()
      .comment('Processor holding the row');
    table
      .dateTime('lease_expires_at', { useTz: true })
      .nullable()
      .comment('Until when the lease holds');
    table
      .string('created_by', 255)
      .notNullable()
      .comment('User entity ref of the requester');
    table
      .dateTime('created_at', { useTz: true })
      .notNullable()
      .comment('When requested');
    table
      .dateTime('updated_at', { useTz: true })
      .notNullable()
      .comment('Last change');
    table.index(['request_id'], 'marketplace_bindings_request_idx');
    table.index(['next_attempt_at'], 'marketplace_bindings_due_idx');
  });

  await knex.schema.createTable('marketplace_request_events', table => {
    table.comment('History of every state change of requests and bindings');
    table.increments('id').comment('Order of events');
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('marketplace_requests')
      .onDelete('CASCADE')
      .comment('Request concerned');
    table
      .string('binding_id', 36)
      .nullable()
      .comment('Binding concerned, if any');
    table
      .string('from_state', 32)
      .nullable()
      .comment('State before; null on creation');
    table.string('to_state', 32).notNullable().comment('State after');
    table
      .string('actor', 255)
      .notNullable()
      .comment('User entity ref, or "processor"');
    table.text('message').nullable().comment('What happened, for people');
    table.dateTime('created_at', { useTz: true }).notNullable().comment('When');
    table.index(['request_id'], 'marketplace_request_events_request_idx');
  });

  await knex.schema.createTable('marketplace_team_locks', table => {
    table.comment('One row per team, locked while checking its quota');
    table.string('team_ref', 255).primary().comment('Team (Group entity ref)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('marketplace_team_locks');
  await knex.schema.dropTable('marketplace_request_events');
  await knex.schema.dropTable('marketplace_bindings');
  await knex.schema.dropTable('marketplace_requests');
};
