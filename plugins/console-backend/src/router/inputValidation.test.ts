import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { tenancyTestConfig } from '@paasport/kubernetes-node/testUtils';
import request from 'supertest';
import { closedPort, component, testOrg } from '../__testUtils__/backend';
import { consolePlugin } from '../plugin';

/**
 * A root logger that keeps every message with its metadata (the child
 * loggers' too), as the text a log file would hold.
 */
function recordingRootLogger() {
  const lines: string[] = [];
  const logger = (fields: object): LoggerService => {
    const record =
      (level: string) => (message: string, meta?: Error | object) => {
        lines.push(
          JSON.stringify({ level, message, ...fields, meta }, (_key, value) =>
            value instanceof Error
              ? { message: value.message, stack: value.stack }
              : value,
          ),
        );
      };
    return {
      error: record('error'),
      warn: record('warn'),
      info: record('info'),
      debug: record('debug'),
      child: meta => logger({ ...fields, ...meta }),
    };
  };
  const root = logger({});
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => root,
    }),
  };
}

// Runs the console plugin with the real auditor, which writes audit events
// through the logger: a name that reached the audit would show up there.
// The cluster is on a closed port: nothing here may need it.
describe('console routes: names from requests', () => {
  const forged = 'INFO forged-by-a-test';
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;
  let lines: string[];

  beforeAll(async () => {
    const logs = recordingRootLogger();
    lines = logs.lines;
    const backend = await startTestBackend({
      features: [
        consolePlugin,
        logs.factory,
        catalogServiceMock.factory({
          entities: [...testOrg(), component('shop-api', 'storefront')],
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'dev',
                      url: `https://127.0.0.1:${await closedPort()}`,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'not-used',
                    },
                  ],
                },
              ],
            },
            ...tenancyTestConfig,
            console: { cache: { readyWait: { milliseconds: 200 } } },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(() => stop());

  const alice = {
    Authorization: mockCredentials.user.header('user:default/alice'),
  };
  const entity = '/api/console/entities/component/default/shop-api';
  const bad = encodeURIComponent(`x\n${forged}`);
  const badName = encodeURIComponent(`shop-api\n${forged}`);

  it.each([
    ['logs', 'workload', `${entity}/logs?cluster=dev&workload=${badName}`],
    [
      'logs',
      'namespace',
      `${entity}/logs?cluster=dev&workload=shop-api&namespace=${bad}`,
    ],
    [
      'logs',
      'container',
      `${entity}/logs?cluster=dev&workload=shop-api&container=${bad}`,
    ],
    ['logs', 'cluster', `${entity}/logs?cluster=${bad}&workload=shop-api`],
    ['releases', 'cluster', `${entity}/releases?cluster=${bad}`],
    [
      'diff',
      'workload',
      `${entity}/releases/diff?cluster=dev&workload=${badName}&from=1&to=2`,
    ],
    [
      'metrics',
      'workload',
      `${entity}/metrics?cluster=dev&workload=${badName}`,
    ],
    [
      'comparison',
      'workload',
      `${entity}/comparison?cluster=dev&workload=${badName}`,
    ],
    [
      'comparison',
      'namespace',
      `${entity}/comparison?cluster=dev&workload=shop-api&namespace=${bad}`,
    ],
  ])('%s: a forged %s is a 400 naming it', async (_, field, url) => {
    const res = await request(server).get(url).set(alice);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(
      new RegExp(`^Invalid query: ${field}: must be `),
    );
    expect(res.body.error.message).not.toContain('forged');
  });

  it.each([
    ['revision=one', /^Invalid query: revision: /],
    ['revision=0', /^Invalid query: revision: /],
    ['against=1.5', /^Invalid query: against: /],
    ['kind=DaemonSet', /^Invalid query: kind: /],
    [
      'revision=3&against=3',
      /^Invalid query: against: must be another revision than revision$/,
    ],
  ])('comparison: %s is a 400 naming the field', async (params, message) => {
    const res = await request(server)
      .get(`${entity}/comparison?cluster=dev&workload=shop-api&${params}`)
      .set(alice);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses a forged entity name in the path with 400', async () => {
    const res = await request(server)
      .get(`/api/console/entities/system/default/${badName}/matrix`)
      .set(alice);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid entity: name: must be a catalog entity name/,
    );
  });

  it('refuses a rollback of a forged workload name with 400', async () => {
    const res = await request(server)
      .post(`${entity}/rollback`)
      .set(alice)
      .send({
        cluster: 'dev',
        namespace: 'storefront',
        kind: 'Deployment',
        name: `shop-api\n${forged}`,
        toRevision: 1,
        resourceVersion: '1',
        reason: 'bad release',
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid rollback request: name: must be a Kubernetes DNS-1123 subdomain/,
    );
  });

  it('logged none of it, while a valid request is audited in the log', async () => {
    // The control: a well-formed request reaches the audit, and so the log
    // (it then fails, since the cluster is down).
    const valid = await request(server)
      .get(`${entity}/logs?cluster=dev&workload=shop-api`)
      .set(alice);
    expect(valid.status).toBe(503);
    expect(
      lines.some(
        line =>
          line.includes('workload-logs-read') &&
          line.includes('Deployment/shop-api'),
      ),
    ).toBe(true);
    expect(lines.filter(line => line.includes('forged'))).toEqual([]);
  });
});
