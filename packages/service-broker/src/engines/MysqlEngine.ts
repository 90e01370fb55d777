import mysql, { Pool, RowDataPacket } from 'mysql2/promise';
import { PlanLimits } from '../catalog';
import {
  assertSafeName,
  BindingCredentials,
  ProvisionParameters,
  ServiceEngine,
} from './types';

/** Connection settings of {@link MysqlEngine}. @public */
export interface MysqlEngineOptions {
  /** Admin connection, e.g. `mysql://root:secret@127.0.0.1:3306`. */
  url: string;
  /** Host and port bound applications should use (defaults: those of `url`). */
  publicHost?: string;
  publicPort?: number;
}

// No GRANT OPTION and nothing server-wide: a bound user must not reach beyond its database.
const DATABASE_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'INDEX',
  'ALTER',
  'CREATE TEMPORARY TABLES',
  'LOCK TABLES',
  'EXECUTE',
  'CREATE VIEW',
  'SHOW VIEW',
  'CREATE ROUTINE',
  'ALTER ROUTINE',
  'EVENT',
  'TRIGGER',
  'REFERENCES',
].join(', ');

/**
 * Shared MySQL/MariaDB: an instance is a database, a binding is a user with
 * grants on that database only.
 *
 * @public
 */
export class MysqlEngine implements ServiceEngine {
  private constructor(
    private readonly pool: Pool,
    private readonly host: string,
    private readonly port: number,
  ) {}

  static create(options: MysqlEngineOptions): MysqlEngine {
    const url = new URL(options.url);
    const pool = mysql.createPool({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      connectionLimit: 5,
    });
    return new MysqlEngine(
      pool,
      options.publicHost ?? url.hostname,
      options.publicPort ?? Number(url.port || 3306),
    );
  }

  async provision(
    database: string,
    parameters: ProvisionParameters,
  ): Promise<void> {
    const collation =
      parameters.charset === 'latin1'
        ? 'latin1 COLLATE latin1_swedish_ci'
        : 'utf8mb4 COLLATE utf8mb4_unicode_ci';
    await this.pool.query(
      `CREATE DATABASE IF NOT EXISTS \`${assertSafeName(
        database,
      )}\` CHARACTER SET ${collation}`,
    );
  }

  async deprovision(database: string, userPrefix: string): Promise<void> {
    const db = assertSafeName(database);
    // Platforms unbind first, but a crash between user creation and bookkeeping
    // can leave a user behind; sweep every user that still holds grants here.
    const [grantees] = await this.pool.query<RowDataPacket[]>(
      'SELECT DISTINCT User AS user FROM mysql.db WHERE Db = ? OR User LIKE ?',
      [db, `${assertSafeName(userPrefix)}%`],
    );
    for (const row of grantees) {
      await this.unbind(String(row.user));
    }
    await this.pool.query(`DROP DATABASE IF EXISTS \`${db}\``);
  }

  async bind(
    database: string,
    username: string,
    password: string,
    limits: PlanLimits,
  ): Promise<BindingCredentials> {
    const db = assertSafeName(database);
    const user = assertSafeName(username);
    const maxConnections = Math.max(1, Math.floor(limits.maxConnections));
    await this.pool.query(
      `CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ? WITH MAX_USER_CONNECTIONS ${maxConnections}`,
      [user, password],
    );
    // A retried bind must end with the password the broker stored, not an older one.
    await this.pool.query(`ALTER USER ?@'%' IDENTIFIED BY ?`, [user, password]);
    await this.pool.query(
      `GRANT ${DATABASE_PRIVILEGES} ON \`${db}\`.* TO ?@'%'`,
      [user],
    );
    return {
      host: this.host,
      port: this.port,
      username: user,
      password,
      database: db,
      uri: `mysql://${user}:${encodeURIComponent(password)}@${this.host}:${
        this.port
      }/${db}`,
    };
  }

  async unbind(username: string): Promise<void> {
    const user = assertSafeName(username);
    await this.pool.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    // DROP USER leaves open sessions alive; end them so revoked access is really gone.
    const [sessions] = await this.pool.query<RowDataPacket[]>(
      'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?',
      [user],
    );
    for (const session of sessions) {
      await this.pool
        .query(`KILL CONNECTION ${Number(session.id)}`)
        .catch(() => undefined); // it may have ended on its own meanwhile
    }
  }

  async exists(database: string): Promise<boolean> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [assertSafeName(database)],
    );
    return rows.length > 0;
  }

  async userExists(username: string): Promise<boolean> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT User FROM mysql.user WHERE User = ?',
      [assertSafeName(username)],
    );
    return rows.length > 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
