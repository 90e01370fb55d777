import { KubeObject, SECRET } from '../../kube/types';
import {
  bindingObjects,
  DATABASE,
  GRANT,
  MARIADB,
  mariaDbObjects,
  USER,
} from './manifests';
import { databaseCharset, parseMariaDbOptions } from './options';
import { mariaDbReadiness } from './readiness';

const resource = (status: unknown, generation = 1): KubeObject => ({
  metadata: { name: 'mysql-1', generation },
  status,
});
const ready = (extra = {}) => ({
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'StatefulSetReady',
      message: 'Running',
      ...extra,
    },
  ],
});

describe('mariaDbReadiness', () => {
  it('is ready on Ready=True', () => {
    expect(mariaDbReadiness(resource(ready()), 'MariaDB mysql-1')).toEqual({
      state: 'ready',
      message: 'MariaDB mysql-1 is ready',
    });
  });

  it('ignores a Ready condition written for an older generation', () => {
    expect(
      mariaDbReadiness(
        resource(ready({ observedGeneration: 1 }), 2),
        'MariaDB mysql-1',
      ).state,
    ).toBe('pending');
  });

  it('waits through the operator’s intermediate reasons', () => {
    expect(
      mariaDbReadiness(
        resource({
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'StatefulSetNotReady',
              message: 'Not ready',
            },
          ],
        }),
        'MariaDB mysql-1',
      ),
    ).toEqual({
      state: 'pending',
      message: 'MariaDB mysql-1: StatefulSetNotReady: Not ready',
    });
  });

  it('fails on a failed statement with the operator’s message', () => {
    expect(
      mariaDbReadiness(
        resource({
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Failed',
              message:
                "Error creating Grant: Error 1044: Access denied for user 'root'",
            },
          ],
        }),
        'Grant g',
      ),
    ).toEqual({
      state: 'failed',
      message:
        "Grant g: Failed: Error creating Grant: Error 1044: Access denied for user 'root'",
    });
  });

  it.each([
    [undefined, 'Waiting for mariadb-operator to reconcile MariaDB mysql-1'],
    [
      { conditions: 'Ready' },
      'MariaDB mysql-1 has an unreadable status (status.conditions is not a list)',
    ],
    [
      { conditions: [{ type: 'Other', status: 'True' }] },
      'Waiting for mariadb-operator to reconcile MariaDB mysql-1',
    ],
  ])('reads %j as pending', (status, message) => {
    expect(mariaDbReadiness(resource(status), 'MariaDB mysql-1')).toEqual({
      state: 'pending',
      message,
    });
  });
});

describe('mariadb-operator manifests', () => {
  it('creates a server with an operator-generated root password, then the database', () => {
    const [server, database] = mariaDbObjects(
      'mysql-1',
      parseMariaDbOptions({ replicas: 3 }),
      databaseCharset({}),
    );
    expect(server.type).toBe(MARIADB);
    expect(server.body.spec).toMatchObject({
      rootPasswordSecretKeyRef: {
        name: 'mysql-1-root',
        key: 'password',
        generate: true,
      },
      replicas: 3,
      replication: { enabled: true },
      storage: { size: '10Gi' },
    });
    expect(database.type).toBe(DATABASE);
    expect(database.body.spec).toEqual({
      mariaDbRef: { name: 'mysql-1' },
      name: 'app',
      characterSet: 'utf8mb4',
      collate: 'utf8mb4_unicode_ci',
      cleanupPolicy: 'Delete',
    });
  });

  it('gives each binding its own user with privileges on the application database only', () => {
    const objects = bindingObjects(
      'mysql-1',
      'mysql-1-abcd',
      parseMariaDbOptions({}),
    );
    expect(objects.map(o => o.type)).toEqual([SECRET, USER, GRANT]);
    const password = (objects[0].body.stringData as Record<string, string>)
      .password;
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(objects[1].body.spec).toMatchObject({
      passwordSecretKeyRef: { name: 'mysql-1-abcd-password', key: 'password' },
      maxUserConnections: 20,
      cleanupPolicy: 'Delete',
    });
    const grant = objects[2].body.spec as any;
    expect(grant).toMatchObject({
      database: 'app',
      table: '*',
      username: 'mysql-1-abcd',
      grantOption: false,
    });
    expect(grant.privileges).not.toContain('ALL PRIVILEGES');
    expect(grant.privileges).not.toContain('GRANT OPTION');
    expect(grant.privileges).not.toContain('SUPER');
  });

  it('rejects unknown charsets and bad options', () => {
    expect(() => databaseCharset({ charset: 'utf16' })).toThrow(/charset/);
    expect(() => parseMariaDbOptions({ replicas: 'three' })).toThrow(
      /replicas/,
    );
  });
});
