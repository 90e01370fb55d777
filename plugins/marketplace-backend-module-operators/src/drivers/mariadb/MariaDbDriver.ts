import { JsonObject } from '@backstage/types';
import {
  ProviderError,
  ProvisionInput,
} from '@paasport/plugin-marketplace-node';
import { secretValue } from '../../kube/secrets';
import { KubeObject, SECRET, SERVICE, STATEFUL_SET } from '../../kube/types';
import {
  BindingScope,
  InstanceScope,
  OperatorDriver,
} from '../../provider/OperatorDriver';
import { combine } from '../../status/readiness';
import {
  bindingObjects,
  DATABASE,
  DATABASE_NAME,
  GRANT,
  MARIADB,
  mariaDbObjects,
  MYSQL_PORT,
  USER,
} from './manifests';
import {
  databaseCharset,
  MariaDbOptions,
  parseMariaDbOptions,
} from './options';
import { mariaDbReadiness } from './readiness';

type Scope = InstanceScope<MariaDbOptions>;

/**
 * MySQL-compatible databases through mariadb-operator
 * (`k8s.mariadb.com/v1alpha1`): a `MariaDB` server and a `Database` per
 * instance, a `User` + `Grant` per binding.
 *
 * @remarks
 * Why mariadb-operator and not moco (`moco.cybozu.com MySQLCluster`), which
 * the devcluster also knows: least privilege per binding. mariadb-operator
 * models users and grants as custom resources, so each binding gets an
 * account of its own with privileges on the application's database only,
 * created and dropped by the operator through the API server. moco has no
 * such resources: per-binding users would mean the portal logging in to
 * every database over the network as moco's shared `moco-writable` account
 * (which may create users and grant anything), holding its password and
 * needing a network path to clusters it otherwise only reaches through
 * their API servers. Deleting a User/Grant/Database CR (cleanupPolicy
 * Delete) removes the account or schema on the server, so deprovisioning is
 * observable as objects disappearing.
 *
 * @public
 */
export class MariaDbDriver implements OperatorDriver<MariaDbOptions> {
  readonly id = 'operator:mariadb';
  readonly namePrefix = 'mysql';

  parseOptions(raw: JsonObject) {
    return parseMariaDbOptions(raw);
  }

  primaryType() {
    return MARIADB;
  }

  teardownOrder() {
    // Users and the schema are dropped by the operator on the running server.
    return [[GRANT, USER], [DATABASE], [MARIADB], [SECRET]];
  }

  bindingTypes() {
    return [GRANT, USER, SECRET];
  }

  instanceObjects(scope: Scope, input: ProvisionInput) {
    return mariaDbObjects(
      scope.name,
      scope.options,
      databaseCharset(input.parameters),
    );
  }

  async instanceReadiness(scope: Scope) {
    const { objects, name } = scope;
    const [server, database] = await Promise.all([
      objects.get<KubeObject>(await scope.ref(MARIADB, name)),
      objects.get<KubeObject>(await scope.ref(DATABASE, name)),
    ]);
    const serverState = mariaDbReadiness(server, `MariaDB ${name}`);
    if (serverState.state !== 'ready') return serverState;
    return combine(
      [serverState, mariaDbReadiness(database, `Database ${name}`)],
      `MariaDB ${name} is ready at ${this.host(scope)}:${MYSQL_PORT}`,
    );
  }

  operatorObjects(scope: Scope) {
    const { name } = scope;
    return [
      { type: STATEFUL_SET, name },
      { type: SERVICE, name },
      { type: SERVICE, name: `${name}-internal` },
      { type: SECRET, name: `${name}-root` },
      ...(scope.options.replicas > 1
        ? [
            { type: SERVICE, name: `${name}-primary` },
            { type: SERVICE, name: `${name}-secondary` },
          ]
        : []),
    ];
  }

  bindingObjects(scope: BindingScope<MariaDbOptions>) {
    return bindingObjects(scope.name, scope.bindingName, scope.options);
  }

  async bindingReadiness(scope: BindingScope<MariaDbOptions>) {
    const { objects, bindingName } = scope;
    const [user, grant] = await Promise.all([
      objects.get<KubeObject>(await scope.ref(USER, bindingName)),
      objects.get<KubeObject>(await scope.ref(GRANT, bindingName)),
    ]);
    return combine(
      [
        mariaDbReadiness(user, `User ${bindingName}`),
        mariaDbReadiness(grant, `Grant ${bindingName}`),
      ],
      `User ${bindingName} may use database ${DATABASE_NAME}`,
    );
  }

  bindingOperatorObjects() {
    return [];
  }

  async credentials(scope: BindingScope<MariaDbOptions>) {
    // Read as the person: the team may read Secrets in its namespace.
    const secret = await scope.objects.get<KubeObject>(
      await scope.ref(SECRET, `${scope.bindingName}-password`),
    );
    const password = secretValue(secret, 'password');
    if (!password) {
      throw new ProviderError(
        `The password Secret of ${scope.bindingName} is missing`,
        { retryable: false },
      );
    }
    const host = this.host(scope);
    const username = scope.bindingName;
    return {
      host,
      port: MYSQL_PORT,
      username,
      password,
      database: DATABASE_NAME,
      uri: `mysql://${username}:${encodeURIComponent(
        password,
      )}@${host}:${MYSQL_PORT}/${DATABASE_NAME}`,
    };
  }

  /** Writes go to the primary: its own Service once replication is on. */
  private host(scope: Scope) {
    const service =
      scope.options.replicas > 1 ? `${scope.name}-primary` : scope.name;
    return `${service}.${scope.location.namespace}.svc.cluster.local`;
  }
}
