/*
 * Canary releases on plain Deployments: the state a scheduler task advances
 * (claimed with leases by one backend replica at a time), the verdict of
 * each analysed step, and the history that explains every decision.
 */

/**
 * Dialects whose unique indexes can carry a WHERE clause. Elsewhere (MySQL)
 * the store's create transaction is the only guard; an index without the
 * predicate would allow one canary per Deployment ever, not one at a time.
 */
const PARTIAL_INDEX_DIALECTS = ['postgresql', 'sqlite3'];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('console_canaries', table => {
    table.comment(
      'Canary releases: a second Deployment <name>-canary next to the stable one, advanced step by step',
    );
    table.string('id', 36).primary().comment('UUID of the canary');
    table
      .string('entity_ref')
      .notNullable()
      .comment('Catalog entity (Component) the Deployment belongs to');
    table
      .string('cluster')
      .notNullable()
      .comment('Cluster name, as in kubernetes.clusterLocatorMethods');
    table
      .string('namespace')
      .notNullable()
      .comment('Namespace of both Deployments');
    table.string('name').notNullable().comment('The stable Deployment');
    table
      .string('canary_name')
      .notNullable()
      .comment('The canary Deployment, normally <name>-canary');
    table
      .text('spec')
      .notNullable()
      .comment(
        'JSON: the canary as asked for (template change, steps, analysis)',
      );
    table
      .text('state')
      .notNullable()
      .comment(
        "JSON: the state machine's whole state, the only memory between ticks",
      );
    table
      .string('phase')
      .notNullable()
      .comment(
        'Copy of state.phase, so lists and the fleet view need not parse state',
      );
    table
      .string('actor')
      .notNullable()
      .comment('Entity ref of the user who started the canary');
    table
      .text('impersonation')
      .notNullable()
      .comment(
        'JSON: user and group entity refs automated steps act as, recorded at start',
      );
    table
      .text('baseline')
      .notNullable()
      .comment(
        'JSON: the stable Deployment at start (uid, generation, resourceVersion, replicas, template hash)',
      );
    table.text('message').nullable().comment('Sentence on the current phase');
    table
      .text('observation')
      .nullable()
      .comment(
        'JSON: the Deployments as last seen (replicas per track, actual weight), for the UI',
      );
    table
      .string('outcome')
      .nullable()
      .comment('Null while active; promoted, aborted or failed once finished');
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('Bumped on every save; writers compare-and-set on it');
    table
      .string('lease_owner')
      .nullable()
      .comment('Worker (backend replica) advancing the canary right now');
    table
      .timestamp('lease_expires_at', { useTz: true })
      .nullable()
      .comment('When the lease runs out and another worker may take over');
    table
      .timestamp('next_run_at', { useTz: true })
      .nullable()
      .comment(
        'When the scheduler should look at it next; null: only a person moves it on',
      );
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When the canary was started');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When its state was last saved');
    table
      .timestamp('finished_at', { useTz: true })
      .nullable()
      .comment('When it was promoted, aborted or failed; null while active');
    table.index(['entity_ref', 'created_at'], 'console_canaries_entity_idx');
    table.index(['next_run_at'], 'console_canaries_next_run_idx');
    table.index(
      ['cluster', 'namespace', 'name'],
      'console_canaries_workload_idx',
    );
    if (PARTIAL_INDEX_DIALECTS.includes(knex.client.dialect)) {
      // One active canary per Deployment: two would fight over its replicas.
      table.unique(['cluster', 'namespace', 'name'], {
        indexName: 'console_canaries_one_active_idx',
        predicate: knex.whereNull('finished_at'),
      });
    }
  });

  await knex.schema.createTable('console_canary_verdicts', table => {
    table.comment('The verdict of each analysed step of a canary');
    table.string('id', 36).primary().comment('UUID of the verdict');
    table
      .string('canary_id', 36)
      .notNullable()
      .references('id')
      .inTable('console_canaries')
      .onDelete('CASCADE')
      .comment('The canary judged');
    table
      .integer('step_index')
      .notNullable()
      .comment('Index of the judged step in the spec (0 = first)');
    table
      .string('outcome')
      .notNullable()
      .comment('pass, fail or inconclusive: copy of verdict.outcome');
    table
      .text('verdict')
      .notNullable()
      .comment(
        'JSON: queries, values per track and test results, to explain it',
      );
    table
      .timestamp('judged_at', { useTz: true })
      .notNullable()
      .comment('When the analysis concluded');
    table.index(['canary_id'], 'console_canary_verdicts_canary_idx');
  });

  await knex.schema.createTable('console_canary_events', table => {
    table.comment(
      'History of a canary: who or what decided each change, and why',
    );
    table.increments('id').comment('Order of recording');
    table
      .string('canary_id', 36)
      .notNullable()
      .references('id')
      .inTable('console_canaries')
      .onDelete('CASCADE')
      .comment('The canary');
    table
      .string('event_key')
      .nullable()
      .comment(
        'Idempotency key within the canary: a replayed tick records under the same key, once',
      );
    table
      .timestamp('at', { useTz: true })
      .notNullable()
      .comment('When it happened');
    table
      .string('actor')
      .notNullable()
      .comment('Entity ref of the user, or paasport for automatic decisions');
    table
      .string('kind')
      .notNullable()
      .comment('e.g. started, stepReached, verdict, paused, promoted, aborted');
    table
      .integer('step_index')
      .nullable()
      .comment('Step the canary was at, when it matters');
    table
      .string('verdict_id', 36)
      .nullable()
      .comment('The verdict that caused it, for kind verdict');
    table.text('message').notNullable().comment('What happened and why');
    table.index(['canary_id'], 'console_canary_events_canary_idx');
    table.unique(['canary_id', 'event_key'], {
      indexName: 'console_canary_events_key_idx',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('console_canary_events');
  await knex.schema.dropTable('console_canary_verdicts');
  await knex.schema.dropTable('console_canaries');
};
