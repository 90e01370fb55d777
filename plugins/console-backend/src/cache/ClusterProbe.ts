import { KubernetesCluster } from '@paasport/kubernetes-node';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Asks a cluster's API server `/readyz` while its cache has trouble, and
 * calls `onBack` when a probe succeeds after one failed: the moment to stop
 * waiting out retry backoffs.
 *
 * @remarks
 * `/readyz` is open to every client (ClusterRole
 * `system:public-info-viewer`), cheap, and answers 200 only once the API
 * server can serve again. Nothing is probed while every collection is fine,
 * and a cluster that answers but refuses lists (e.g. RBAC) never counts as
 * "back", so it is not hammered.
 *
 * @internal
 */
export class ClusterProbe {
  constructor(
    private readonly options: {
      cluster: KubernetesCluster;
      intervalMs: number;
      /** Whether anything currently fails to reach the cluster. */
      troubled: () => boolean;
      onBack: () => void;
    },
  ) {}

  /** Probes until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    const { intervalMs, troubled, onBack } = this.options;
    let failedBefore = false;
    while (!signal.aborted) {
      await sleep(intervalMs, undefined, { signal }).catch(() => {});
      if (signal.aborted) break;
      if (!troubled()) {
        failedBefore = false;
        continue;
      }
      const answered = await this.ready(signal);
      if (answered && failedBefore) onBack();
      failedBefore = !answered;
    }
  }

  private async ready(signal: AbortSignal): Promise<boolean> {
    try {
      const response = await this.options.cluster.send({
        method: 'GET',
        path: '/readyz',
        signal,
        timeoutMs: this.options.intervalMs,
      });
      response.resume();
      return true;
    } catch {
      return false;
    }
  }
}
