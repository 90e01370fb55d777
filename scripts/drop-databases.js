// Drops every PostgreSQL database whose name starts with the given prefix (the
// per-plugin databases of a portal run, backend.database.prefix), so a run
// starts empty. Connects like the portal: POSTGRES_HOST/PORT/USER/PASSWORD.
// Usage: node scripts/drop-databases.js <prefix>
const { Client } = require('pg');

async function main(prefix) {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix ?? '')) {
    throw new Error(
      'usage: drop-databases.js <prefix> (lowercase letters, digits, _)',
    );
  }
  const client = new Client({
    host: process.env.POSTGRES_HOST ?? '127.0.0.1',
    port: Number(process.env.POSTGRES_PORT ?? 5432),
    user: process.env.POSTGRES_USER ?? 'postgres',
    password: process.env.POSTGRES_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    }
    console.error(
      `paasport: dropped ${rows.length} databases named ${prefix}*`,
    );
  } finally {
    await client.end();
  }
}

main(process.argv[2]).catch(error => {
  console.error(`paasport: ${error.message}`);
  process.exit(1);
});
