import { KubernetesCluster } from '@paasport/kubernetes-node';
import { randomBytes } from 'node:crypto';
import {
  DATABASE,
  GRANT,
  MARIADB,
  USER,
} from '../../drivers/mariadb/manifests';
import { ResourceType } from '../../kube/types';
import { isReady, TestOperator } from './TestOperator';

const FINALIZERS: Record<string, string> = {
  Database: 'database.k8s.mariadb.com/finalizer',
  User: 'user.k8s.mariadb.com/finalizer',
  Grant: 'grant.k8s.mariadb.com/finalizer',
};

function condition(status: 'True' | 'False', reason: string, message: string) {
  return {
    conditions: [
      {
        type: 'Ready',
        status,
        reason,
        message,
        lastTransitionTime: new Date().toISOString(),
      },
    ],
  };
}

/**
 * Stands in for mariadb-operator: a MariaDB gets its generated root Secret,
 * a StatefulSet and Services (owned by it) and is Ready once the
 * StatefulSet's pods are; Database, User and Grant become Ready on a ready
 * server and carry finalizers that are only removed while the server runs
 * (the operator drops the schema/account over SQL before letting go).
 */
export class MariaDbTestOperator extends TestOperator {
  constructor(cluster: KubernetesCluster, namespace: string) {
    super(cluster, namespace, [MARIADB, DATABASE, USER, GRANT]);
  }

  protected async reconcile(type: ResourceType, name: string) {
    if (type === MARIADB) await this.server(name);
    else await this.sqlResource(type, name);
  }

  private async server(name: string) {
    const server = await this.get(MARIADB, name);
    if (!server || server.metadata.deletionTimestamp) return;
    const spec = server.spec as {
      replicas?: number;
      port?: number;
      image?: string;
      replication?: { enabled?: boolean };
      rootPasswordSecretKeyRef?: {
        name?: string;
        key: string;
        generate?: boolean;
      };
    };
    const replicas = spec.replicas ?? 1;
    const root = spec.rootPasswordSecretKeyRef;
    if (root?.generate && root.name) {
      await this.ensure('Secret', {
        metadata: {
          name: root.name,
          ownerReferences: [this.ownerReference(server)],
        },
        stringData: { [root.key]: randomBytes(16).toString('base64url') },
      });
    }
    const labels = {
      'app.kubernetes.io/name': 'mariadb',
      'app.kubernetes.io/instance': name,
    };
    const port = spec.port ?? 3306;
    await this.ensure(
      'StatefulSet',
      this.statefulSet(
        name,
        server,
        replicas,
        labels,
        spec.image ?? 'docker-registry1.mariadb.com/library/mariadb:11.4',
      ),
    );
    await this.ensure('Service', this.service(name, server, port, labels));
    await this.ensure(
      'Service',
      this.service(`${name}-internal`, server, port, labels, true),
    );
    if (spec.replication?.enabled) {
      await this.ensure(
        'Service',
        this.service(`${name}-primary`, server, port, labels),
      );
      await this.ensure(
        'Service',
        this.service(`${name}-secondary`, server, port, labels),
      );
    }
    const sts = await this.readStatefulSet(name);
    const readyReplicas = sts?.status?.readyReplicas ?? 0;
    if (readyReplicas < replicas) {
      await this.patchStatus(MARIADB, name, {
        ...condition('False', 'StatefulSetNotReady', 'Not ready'),
        replicas,
      });
      this.requeue(MARIADB, name, 500);
      return;
    }
    if (!isReady(server)) {
      await this.patchStatus(MARIADB, name, {
        ...condition('True', 'StatefulSetReady', 'Running'),
        currentPrimary: `${name}-0`,
        currentPrimaryPodIndex: 0,
        replicas,
      });
    }
  }

  private async sqlResource(type: ResourceType, name: string) {
    const object = await this.get(type, name);
    if (!object) return;
    const spec = object.spec as {
      mariaDbRef: { name: string };
      passwordSecretKeyRef?: { name: string };
      username?: string;
    };
    const server = await this.get(MARIADB, spec.mariaDbRef.name);
    const finalizer = FINALIZERS[type.kind];
    if (object.metadata.deletionTimestamp) {
      // Dropping the account or schema needs the server.
      if (isReady(server)) await this.removeFinalizer(type, object, finalizer);
      else this.requeue(type, name, 500);
      return;
    }
    if (!isReady(server)) {
      this.requeue(type, name, 300);
      return;
    }
    await this.ensureFinalizer(type, object, finalizer);
    if (type === USER && spec.passwordSecretKeyRef) {
      if (!(await this.secretExists(spec.passwordSecretKeyRef.name))) {
        await this.patchStatus(
          type,
          name,
          condition(
            'False',
            'Failed',
            `Error creating User: error getting password: Secret "${spec.passwordSecretKeyRef.name}" not found`,
          ),
        );
        this.requeue(type, name, 500);
        return;
      }
    }
    if (type === GRANT && !isReady(await this.get(USER, spec.username ?? ''))) {
      this.requeue(type, name, 300);
      return;
    }
    if (!isReady(object)) {
      await this.patchStatus(
        type,
        name,
        condition('True', 'Created', 'Created'),
      );
    }
  }
}
