import Redis from 'ioredis';
import { PlanLimits } from '../catalog';
import { assertSafeName, BindingCredentials, ServiceEngine } from './types';

/** Connection settings of {@link RedisEngine}. @public */
export interface RedisEngineOptions {
  /** Admin connection, e.g. `redis://default:secret@127.0.0.1:6379`. */
  url: string;
  /** Host and port bound applications should use (defaults: those of `url`). */
  publicHost?: string;
  publicPort?: number;
}

/** Where the broker records which prefixes are taken; no tenant can reach it. */
export const RESERVATIONS_KEY = 'paasport-broker:reservations';

/**
 * What a bound user may run: everything on its own keys and channels, minus
 * commands that are dangerous, administrative, or that reveal other tenants'
 * key names (SCAN, RANDOMKEY and DBSIZE ignore key patterns) or switch to
 * another keyspace (SELECT, MOVE, SWAPDB). Scripting is excluded because
 * FUNCTION LOAD would install code for every tenant.
 */
const COMMAND_RULES = [
  '+@all',
  '-@dangerous',
  '-@admin',
  '-@scripting',
  '-scan',
  '-randomkey',
  '-dbsize',
  '-select',
  '-move',
  '-pubsub',
];

/**
 * Shared Redis: an instance is a key prefix `<prefix>:`, a binding is an ACL
 * user limited to `~<prefix>:*` and `&<prefix>:*`.
 *
 * @public
 */
export class RedisEngine implements ServiceEngine {
  private constructor(
    private readonly redis: Redis,
    private readonly host: string,
    private readonly port: number,
  ) {}

  static create(options: RedisEngineOptions): RedisEngine {
    const url = new URL(options.url);
    const redis = new Redis(options.url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
    });
    return new RedisEngine(
      redis,
      options.publicHost ?? url.hostname,
      options.publicPort ?? Number(url.port || 6379),
    );
  }

  async provision(prefix: string): Promise<void> {
    await this.redis.hset(
      RESERVATIONS_KEY,
      assertSafeName(prefix),
      new Date().toISOString(),
    );
  }

  async deprovision(prefix: string, userPrefix: string): Promise<void> {
    const safePrefix = assertSafeName(prefix);
    const safeUserPrefix = assertSafeName(userPrefix);
    // Users go first so nobody writes new keys while they are being deleted.
    const users = (await this.redis.call('ACL', 'USERS')) as string[];
    for (const user of users.filter(u => u.startsWith(safeUserPrefix))) {
      await this.unbind(user);
    }
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        `${safePrefix}:*`,
        'COUNT',
        1000,
      );
      cursor = next;
      if (keys.length > 0) {
        await this.redis.unlink(...keys);
      }
    } while (cursor !== '0');
    await this.redis.hdel(RESERVATIONS_KEY, safePrefix);
  }

  async bind(
    prefix: string,
    username: string,
    password: string,
    _limits: PlanLimits,
  ): Promise<BindingCredentials> {
    const safePrefix = assertSafeName(prefix);
    const user = assertSafeName(username);
    // `reset` first, so a retried bind converges to exactly these rules and this password.
    await this.redis.call(
      'ACL',
      'SETUSER',
      user,
      'reset',
      'on',
      `>${password}`,
      `~${safePrefix}:*`,
      'resetchannels',
      `&${safePrefix}:*`,
      ...COMMAND_RULES,
    );
    await this.saveAcl();
    return {
      host: this.host,
      port: this.port,
      username: user,
      password,
      keyPrefix: `${safePrefix}:`,
      uri: `redis://${user}:${encodeURIComponent(password)}@${this.host}:${
        this.port
      }`,
    };
  }

  async unbind(username: string): Promise<void> {
    // ACL DELUSER also disconnects every client authenticated as that user.
    await this.redis.call('ACL', 'DELUSER', assertSafeName(username));
    await this.saveAcl();
  }

  async exists(prefix: string): Promise<boolean> {
    return (
      (await this.redis.hexists(RESERVATIONS_KEY, assertSafeName(prefix))) === 1
    );
  }

  async userExists(username: string): Promise<boolean> {
    const users = (await this.redis.call('ACL', 'USERS')) as string[];
    return users.includes(username);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /**
   * Redis keeps ACL users in memory only unless it runs with an `aclfile`;
   * persist them when it does, so bindings survive a Redis restart.
   */
  private async saveAcl() {
    try {
      await this.redis.call('ACL', 'SAVE');
    } catch (error) {
      if (!/ACL file/i.test(String(error))) {
        throw error;
      }
    }
  }
}
