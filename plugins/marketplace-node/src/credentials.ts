/**
 * Credentials as handed to applications: string or number values by key.
 *
 * @public
 */
export type BindingCredentials = Record<string, string | number>;

/** SASL mechanisms Kafka clients support with username and password. @public */
export type KafkaSaslMechanism = 'SCRAM-SHA-512' | 'SCRAM-SHA-256' | 'PLAIN';

const LOGIN_MODULES: Record<KafkaSaslMechanism, string> = {
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
};

// Kafka parses JAAS values with a StreamTokenizer: backslash escapes inside quotes.
function jaasQuote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The client properties of a Kafka user with a password, under the keys Kafka
 * clients read (`bootstrap.servers`, `security.protocol`, `sasl.mechanism`,
 * `sasl.jaas.config`), plus the conventional `host`, `port`, `username`,
 * `password` and `uri`. Providers that create Kafka users (e.g. a Strimzi
 * `KafkaUser` with `scram-sha-512`) return this from `bind`.
 *
 * @public
 */
export function kafkaSaslCredentials(options: {
  bootstrapServers: string | string[];
  username: string;
  password: string;
  /** Default `SCRAM-SHA-512`, Strimzi's password authentication. */
  mechanism?: KafkaSaslMechanism;
  /** Whether the listener uses TLS (`SASL_SSL`) or not (`SASL_PLAINTEXT`). */
  tls?: boolean;
}): BindingCredentials {
  const servers = (
    Array.isArray(options.bootstrapServers)
      ? options.bootstrapServers
      : options.bootstrapServers.split(',')
  )
    .map(s => s.trim())
    .filter(Boolean);
  if (servers.length === 0) {
    throw new Error('Kafka credentials need at least one bootstrap server');
  }
  const mechanism = options.mechanism ?? 'SCRAM-SHA-512';
  const [host, port] = splitHostPort(servers[0]);
  return {
    host,
    ...(port !== undefined ? { port } : {}),
    username: options.username,
    password: options.password,
    uri: `kafka://${servers.join(',')}`,
    'bootstrap.servers': servers.join(','),
    'security.protocol': options.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT',
    'sasl.mechanism': mechanism,
    'sasl.jaas.config': `${
      LOGIN_MODULES[mechanism]
    } required username=${jaasQuote(options.username)} password=${jaasQuote(
      options.password,
    )};`,
  };
}

function splitHostPort(server: string): [string, number | undefined] {
  // [::1]:9092, host:9092, or a host without port.
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(server);
  if (!match) return [server, undefined];
  return [match[1], match[2] ? Number(match[2]) : undefined];
}

function pick(
  raw: BindingCredentials,
  ...keys: string[]
): string | number | undefined {
  for (const key of keys) {
    if (raw[key] !== undefined && raw[key] !== '') return raw[key];
  }
  return undefined;
}

const MECHANISMS = Object.keys(LOGIN_MODULES);

/**
 * Puts a provider's credentials under the conventional keys applications
 * read: `host`, `port`, `username`, `password`, `uri` (from common spellings
 * such as `hostname` or `user`), and for Kafka `bootstrap.servers` with the
 * SASL client settings. Keys the convention does not know (e.g. `database`,
 * `keyPrefix`) are kept as they are.
 *
 * @public
 */
export function conventionalCredentials(
  raw: BindingCredentials,
): BindingCredentials {
  const result: BindingCredentials = { ...raw };
  const aliases: Array<[string, string[]]> = [
    ['host', ['host', 'hostname']],
    ['port', ['port']],
    ['username', ['username', 'user']],
    ['password', ['password']],
    ['uri', ['uri', 'url']],
  ];
  for (const [key, names] of aliases) {
    const value = pick(raw, ...names);
    if (value !== undefined) result[key] = value;
  }
  delete result.hostname;
  delete result.user;
  if (result.uri !== undefined) delete result.url;
  if (typeof result.port === 'string' && /^\d+$/.test(result.port)) {
    result.port = Number(result.port);
  }

  const servers = pick(
    raw,
    'bootstrap.servers',
    'bootstrapServers',
    'bootstrap_servers',
  );
  if (
    servers !== undefined &&
    raw['sasl.jaas.config'] === undefined &&
    typeof result.username === 'string' &&
    typeof result.password === 'string'
  ) {
    const mechanism = String(pick(raw, 'sasl.mechanism', 'mechanism') ?? '');
    const protocol = String(pick(raw, 'security.protocol') ?? '');
    Object.assign(
      result,
      kafkaSaslCredentials({
        bootstrapServers: String(servers),
        username: result.username,
        password: result.password,
        mechanism: MECHANISMS.includes(mechanism.toUpperCase())
          ? (mechanism.toUpperCase() as KafkaSaslMechanism)
          : undefined,
        tls: protocol.toUpperCase() === 'SASL_SSL' || raw.tls === 'true',
      }),
      // What the provider said explicitly wins over derived values.
      ...(raw.uri !== undefined ? [{ uri: raw.uri }] : []),
      ...(raw.host !== undefined ? [{ host: raw.host }] : []),
      ...(raw.port !== undefined ? [{ port: result.port }] : []),
    );
    delete result.bootstrapServers;
    delete result.bootstrap_servers;
    delete result.mechanism;
  }
  return result;
}
