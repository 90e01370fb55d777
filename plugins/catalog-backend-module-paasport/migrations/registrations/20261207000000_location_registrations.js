/*
 * Who registered each catalog location through the catalog API, in the
 * catalog's database. Backstage's catalog does not record it, and Paasport
 * needs it: the entities of a registered location must be owned by teams of
 * the person who registered it.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paasport_location_registrations', table => {
    table.comment(
      'The person who registered each location through POST /api/catalog/locations',
    );
    table
      .string('location_key', 64)
      .primary()
      .comment(
        'SHA-256 (hex) of location_ref: targets can be longer than an indexable string',
      );
    table
      .text('location_ref')
      .notNullable()
      .comment(
        'The registered location, <type>:<target>, as its entities carry it in backstage.io/managed-by-origin-location',
      );
    table
      .string('user_entity_ref')
      .notNullable()
      .comment('The person who registered it, e.g. user:default/alice');
    table
      .timestamp('registered_at', { useTz: true })
      .notNullable()
      .comment('When the registration request arrived');
    table
      .string('attempt_id', 36)
      .notNullable()
      .comment(
        'UUID of the registration request that wrote the row; only that request confirms or removes it',
      );
    table
      .boolean('confirmed')
      .notNullable()
      .defaultTo(false)
      .comment(
        'false while the catalog has not answered the request yet; true once it answered 201',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paasport_location_registrations');
};
