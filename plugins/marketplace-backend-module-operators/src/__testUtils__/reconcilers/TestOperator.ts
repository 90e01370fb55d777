import {
  KubernetesCluster,
  kubernetesErrorStatus,
  loadClientNode,
} from '@paasport/kubernetes-node';
import { KubeObject, ResourceType } from '../../kube/types';

const FIELD_MANAGER = 'mkt-op-test-operator';

/**
 * Whether an object reports condition `Ready=True` and is not being deleted,
 * as the operators these stand-ins play judge the objects they depend on.
 */
export function isReady(object: KubeObject | undefined) {
  const conditions = (
    object?.status as { conditions?: Array<{ type: string; status: string }> }
  )?.conditions;
  return Boolean(
    object &&
      !object.metadata.deletionTimestamp &&
      conditions?.some(c => c.type === 'Ready' && c.status === 'True'),
  );
}

/**
 * Base of the test stand-ins for operators, which cannot run here (no
 * container runtime). Like a controller it lists and watches its custom
 * resources in one namespace on a real API server, reconciles one object at
 * a time, and writes status through the status subresource the way the real
 * operator does; the real controller-manager and kwok do the rest (pods of
 * StatefulSets, garbage collection of owned objects).
 */
export abstract class TestOperator {
  private readonly abort = new AbortController();
  private readonly queue = new Map<
    string,
    { type: ResourceType; name: string }
  >();
  private running = false;
  private readonly loops: Promise<void>[] = [];
  /** Reconcile errors, for tests that want to see them. */
  readonly errors: string[] = [];

  constructor(
    protected readonly cluster: KubernetesCluster,
    protected readonly namespace: string,
    private readonly types: ResourceType[],
  ) {}

  /** Version the stand-in speaks (an operator uses one; the provider may use another). */
  protected version(type: ResourceType) {
    return type.versions[type.versions.length - 1];
  }

  start() {
    for (const type of this.types) this.loops.push(this.watch(type));
    return this;
  }

  async stop() {
    this.abort.abort();
    await Promise.allSettled(this.loops);
  }

  protected abstract reconcile(type: ResourceType, name: string): Promise<void>;

  /** Asks for another reconcile later (the operator waits for something). */
  protected requeue(type: ResourceType, name: string, ms = 300) {
    const timer = setTimeout(() => this.enqueue(type, name), ms);
    this.abort.signal.addEventListener('abort', () => clearTimeout(timer));
  }

  protected enqueue(type: ResourceType, name: string) {
    if (this.abort.signal.aborted) return;
    this.queue.set(`${type.kind}/${name}`, { type, name });
    void this.drain();
  }

  private async drain() {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.size > 0 && !this.abort.signal.aborted) {
        const [key, item] = this.queue.entries().next().value!;
        this.queue.delete(key);
        try {
          await this.reconcile(item.type, item.name);
        } catch (error) {
          // Deleted while being reconciled: nothing left to do, as for any controller.
          if (kubernetesErrorStatus(error) === 404) continue;
          this.errors.push(`${key}: ${error}`);
          this.requeue(item.type, item.name, 500);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private path(type: ResourceType) {
    return `/apis/${type.group}/${this.version(type)}/namespaces/${
      this.namespace
    }/${type.plural}`;
  }

  /** List, then watch from the list's resourceVersion; relist on any break. */
  private async watch(type: ResourceType) {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        const list = await this.cluster.getJson<{
          metadata: { resourceVersion: string };
          items: KubeObject[];
        }>(this.path(type), {}, { signal });
        for (const item of list.items) this.enqueue(type, item.metadata.name);
        const response = await this.cluster.stream(
          this.path(type),
          {
            watch: true,
            resourceVersion: list.metadata.resourceVersion,
            timeoutSeconds: 30,
          },
          { signal },
        );
        let buffer = '';
        for await (const chunk of response) {
          buffer += chunk.toString();
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            newline = buffer.indexOf('\n');
            if (!line.trim()) continue;
            const event = JSON.parse(line) as {
              type: string;
              object: KubeObject;
            };
            if (event.type === 'ERROR') throw new Error('watch expired');
            this.enqueue(type, event.object.metadata.name);
          }
        }
      } catch {
        if (signal.aborted) return;
        await new Promise(r => setTimeout(r, 300));
      }
    }
  }

  // --- API helpers ------------------------------------------------------------

  protected async get(
    type: ResourceType,
    name: string,
  ): Promise<KubeObject | undefined> {
    const custom = await this.cluster.api(k8s => k8s.CustomObjectsApi);
    try {
      return (await custom.getNamespacedCustomObject({
        group: type.group,
        version: this.version(type),
        namespace: this.namespace,
        plural: type.plural,
        name,
      })) as KubeObject;
    } catch (error) {
      if (kubernetesErrorStatus(error) === 404) return undefined;
      throw error;
    }
  }

  protected async list(
    type: ResourceType,
    labelSelector?: string,
  ): Promise<KubeObject[]> {
    const custom = await this.cluster.api(k8s => k8s.CustomObjectsApi);
    const list = (await custom.listNamespacedCustomObject({
      group: type.group,
      version: this.version(type),
      namespace: this.namespace,
      plural: type.plural,
      labelSelector,
    })) as { items: KubeObject[] };
    return list.items;
  }

  /** Merge-patches status, as controllers do through the status subresource. */
  protected async patchStatus(
    type: ResourceType,
    name: string,
    status: object,
  ) {
    const k8s = await loadClientNode();
    const custom = await this.cluster.api(c => c.CustomObjectsApi);
    await custom.patchNamespacedCustomObjectStatus(
      {
        group: type.group,
        version: this.version(type),
        namespace: this.namespace,
        plural: type.plural,
        name,
        body: { status },
        fieldManager: FIELD_MANAGER,
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
  }

  protected async setFinalizers(
    type: ResourceType,
    name: string,
    finalizers: string[],
  ) {
    const k8s = await loadClientNode();
    const custom = await this.cluster.api(c => c.CustomObjectsApi);
    await custom.patchNamespacedCustomObject(
      {
        group: type.group,
        version: this.version(type),
        namespace: this.namespace,
        plural: type.plural,
        name,
        body: { metadata: { finalizers } },
        fieldManager: FIELD_MANAGER,
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
  }

  /** Adds a finalizer unless the object is already being deleted. */
  protected async ensureFinalizer(
    type: ResourceType,
    object: KubeObject,
    finalizer: string,
  ) {
    const current = object.metadata.finalizers ?? [];
    if (object.metadata.deletionTimestamp || current.includes(finalizer))
      return;
    await this.setFinalizers(type, object.metadata.name, [
      ...current,
      finalizer,
    ]);
  }

  protected async removeFinalizer(
    type: ResourceType,
    object: KubeObject,
    finalizer: string,
  ) {
    const current = object.metadata.finalizers ?? [];
    if (!current.includes(finalizer)) return;
    await this.setFinalizers(
      type,
      object.metadata.name,
      current.filter(f => f !== finalizer),
    );
  }

  /** The owner reference operators put on what they create for a resource. */
  protected ownerReference(owner: KubeObject) {
    return {
      apiVersion: owner.apiVersion!,
      kind: owner.kind!,
      name: owner.metadata.name,
      uid: owner.metadata.uid!,
      controller: true,
      blockOwnerDeletion: true,
    };
  }

  /** Creates a core or apps object unless it exists (operators create, then leave alone). */
  protected async ensure(
    kind: 'Secret' | 'Service' | 'StatefulSet',
    body: any,
  ) {
    const metadata = { ...body.metadata, namespace: this.namespace };
    try {
      if (kind === 'StatefulSet') {
        const apps = await this.cluster.api(k8s => k8s.AppsV1Api);
        await apps.createNamespacedStatefulSet({
          namespace: this.namespace,
          body: { ...body, metadata },
        });
      } else {
        const core = await this.cluster.api(k8s => k8s.CoreV1Api);
        await (kind === 'Secret'
          ? core.createNamespacedSecret({
              namespace: this.namespace,
              body: { ...body, metadata },
            })
          : core.createNamespacedService({
              namespace: this.namespace,
              body: { ...body, metadata },
            }));
      }
    } catch (error) {
      if (kubernetesErrorStatus(error) !== 409) throw error;
    }
  }

  protected async readStatefulSet(name: string) {
    const apps = await this.cluster.api(k8s => k8s.AppsV1Api);
    try {
      return await apps.readNamespacedStatefulSet({
        name,
        namespace: this.namespace,
      });
    } catch (error) {
      if (kubernetesErrorStatus(error) === 404) return undefined;
      throw error;
    }
  }

  protected async secretExists(name: string) {
    const core = await this.cluster.api(k8s => k8s.CoreV1Api);
    try {
      await core.readNamespacedSecret({ name, namespace: this.namespace });
      return true;
    } catch (error) {
      if (kubernetesErrorStatus(error) === 404) return false;
      throw error;
    }
  }

  /** A StatefulSet like operators run; kwok plays the kubelet of its pods. */
  protected statefulSet(
    name: string,
    owner: KubeObject,
    replicas: number,
    labels: Record<string, string>,
    image: string,
  ) {
    return {
      metadata: { name, labels, ownerReferences: [this.ownerReference(owner)] },
      spec: {
        replicas,
        serviceName: `${name}-headless`,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          // No volume claims: the devcluster has no storage provisioner.
          spec: { containers: [{ name: 'server', image }] },
        },
      },
    };
  }

  protected service(
    name: string,
    owner: KubeObject,
    port: number,
    selector: Record<string, string>,
    headless = false,
  ) {
    return {
      metadata: { name, ownerReferences: [this.ownerReference(owner)] },
      spec: {
        selector,
        ports: [{ name: 'main', port }],
        ...(headless && { clusterIP: 'None' }),
      },
    };
  }
}
