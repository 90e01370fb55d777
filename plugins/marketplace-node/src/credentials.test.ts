import { conventionalCredentials, kafkaSaslCredentials } from './credentials';

describe('kafkaSaslCredentials', () => {
  it('writes the client properties of a SCRAM user', () => {
    expect(
      kafkaSaslCredentials({
        bootstrapServers: [
          'orders-kafka-bootstrap.storefront.svc:9092',
          'b2:9092',
        ],
        username: 'shop-api',
        password: 's3cret',
      }),
    ).toEqual({
      host: 'orders-kafka-bootstrap.storefront.svc',
      port: 9092,
      username: 'shop-api',
      password: 's3cret',
      uri: 'kafka://orders-kafka-bootstrap.storefront.svc:9092,b2:9092',
      'bootstrap.servers': 'orders-kafka-bootstrap.storefront.svc:9092,b2:9092',
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config':
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="shop-api" password="s3cret";',
    });
  });

  it('escapes quotes and backslashes in JAAS values and supports TLS and PLAIN', () => {
    const c = kafkaSaslCredentials({
      bootstrapServers: '[::1]:9093',
      username: 'u',
      password: 'a"b\\c',
      mechanism: 'PLAIN',
      tls: true,
    });
    expect(c['sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="a\\"b\\\\c";',
    );
    expect(c['security.protocol']).toBe('SASL_SSL');
    expect([c.host, c.port]).toEqual(['[::1]', 9093]);
  });

  it('refuses an empty server list', () => {
    expect(() =>
      kafkaSaslCredentials({
        bootstrapServers: ' , ',
        username: 'u',
        password: 'p',
      }),
    ).toThrow(/bootstrap server/);
  });
});

describe('conventionalCredentials', () => {
  it('keeps conventional keys and engine extras as they are', () => {
    const broker = {
      host: '127.0.0.1',
      port: 3306,
      username: 'osb_u',
      password: 'pw',
      database: 'osb_db',
      uri: 'mysql://osb_u:pw@127.0.0.1:3306/osb_db',
    };
    expect(conventionalCredentials(broker)).toEqual(broker);
  });

  it('renames common spellings to the conventional keys', () => {
    expect(
      conventionalCredentials({
        hostname: 'db',
        port: '5432',
        user: 'app',
        password: 'pw',
        url: 'postgres://app:pw@db:5432/x',
      }),
    ).toEqual({
      host: 'db',
      port: 5432,
      username: 'app',
      password: 'pw',
      uri: 'postgres://app:pw@db:5432/x',
    });
  });

  it('adds SASL settings to Kafka credentials given as bootstrap servers and a user', () => {
    const c = conventionalCredentials({
      bootstrapServers: 'k:9092',
      username: 'u',
      password: 'p',
      mechanism: 'scram-sha-256',
    });
    expect(c).toMatchObject({
      'bootstrap.servers': 'k:9092',
      host: 'k',
      port: 9092,
      'sasl.mechanism': 'SCRAM-SHA-256',
      'security.protocol': 'SASL_PLAINTEXT',
    });
    expect(c).not.toHaveProperty('bootstrapServers');
    expect(c).not.toHaveProperty('mechanism');
  });

  it('leaves a provider-written JAAS config alone', () => {
    const given = {
      'bootstrap.servers': 'k:9092',
      username: 'u',
      password: 'p',
      'sasl.jaas.config': 'custom;',
    };
    expect(conventionalCredentials(given)).toEqual(given);
  });
});
