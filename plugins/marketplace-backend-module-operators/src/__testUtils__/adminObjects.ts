import {
  KubernetesCluster,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { servedKind, servedRef } from '../kube/kinds';
import { KubeObject, ResourceType } from '../kube/types';

/**
 * What tests read to check what a provider did: the object layer with the
 * admin identity (no impersonation), addressed by the providers' types.
 */
export class AdminObjects {
  readonly objects: KubernetesObjects;

  constructor(readonly cluster: KubernetesCluster) {
    this.objects = new KubernetesObjects(cluster, {
      fieldManager: 'marketplace-operators-test',
    });
  }

  async get(
    type: ResourceType,
    namespace: string,
    name: string,
  ): Promise<KubeObject | undefined> {
    return this.objects.get<KubeObject>(
      await servedRef(this.cluster, type, namespace, name),
    );
  }

  async list(
    type: ResourceType,
    query: { namespace?: string; labelSelector?: string },
  ): Promise<KubeObject[]> {
    return this.objects.list<KubeObject>(
      await servedKind(this.cluster, type),
      query,
    );
  }
}
