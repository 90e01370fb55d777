// @ts-check

/**
 * What each scaffolder task created outside the portal, so that a failed task
 * can remove it again. Lives in the scaffolder plugin's database, next to the
 * tasks it describes, with its own migrations table (see TaskLedger.ts).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paasport_task_ledger', table => {
    table.comment(
      'Resources created by scaffolder tasks, undone in reverse order when a task fails',
    );
    table
      .increments('seq')
      .primary()
      .comment('Insertion order; undo runs from the highest to the lowest');
    table
      .string('task_id', 64)
      .notNullable()
      .comment('Scaffolder task id (ctx.task.id)');
    table
      .string('step_id', 128)
      .nullable()
      .comment('Template step that recorded the entry');
    table
      .string('kind', 32)
      .notNullable()
      .comment(
        'kubernetes | gitea-repository | gitea-webhook | catalog-location',
      );
    table
      .string('resource_key', 512)
      .notNullable()
      .comment(
        'Stable identity of the resource, e.g. dev/v1/Namespace//shop-api; one entry per task and key',
      );
    table
      .text('resource')
      .notNullable()
      .comment('JSON: what undo needs to find and delete the resource');
    table
      .string('status', 16)
      .notNullable()
      .defaultTo('created')
      .comment(
        'created (undo would remove it) | intended (checked free before creation) | removed | gone | failed | kept',
      );
    table
      .text('message')
      .nullable()
      .comment('Outcome of the undo attempt, for the task log');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the entry was recorded');
    table
      .timestamp('undone_at', { useTz: true })
      .nullable()
      .comment('When undo last handled the entry');
    table.unique(['task_id', 'resource_key'], {
      indexName: 'paasport_task_ledger_task_resource_uniq',
    });
    table.index(['task_id'], 'paasport_task_ledger_task_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paasport_task_ledger');
};
