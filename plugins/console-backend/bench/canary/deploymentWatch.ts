import { AdminApis } from '../../src/__testUtils__/devcluster';

const POLL_MS = 100;

/** What one admin read of a Deployment saw; `at` is epoch milliseconds. */
export interface DeploymentSample {
  at: number;
  exists: boolean;
  /** spec.replicas: what the canary asked for. */
  desired: number;
  /** status.replicas: pods the Deployment still has. */
  pods: number;
}

/**
 * Reads a Deployment as admin every 100 ms and keeps the readings that
 * differ from the one before, so a timeline of minutes stays small. The
 * apiserver is asked directly (not a watch), so the resolution is the poll
 * interval plus one request.
 */
export class DeploymentPoller {
  private readonly samples: DeploymentSample[] = [];
  private stopped = false;
  /** Reads that failed (other than 404), which leave a gap in the timeline. */
  failedReads = 0;
  private readonly loop: Promise<void>;

  constructor(
    private readonly admin: AdminApis,
    private readonly namespace: string,
    private readonly name: string,
  ) {
    this.loop = this.run();
  }

  private async sample(): Promise<DeploymentSample> {
    const at = Date.now();
    try {
      const d = await this.admin.apps.readNamespacedDeployment({
        name: this.name,
        namespace: this.namespace,
      });
      return {
        at,
        exists: true,
        desired: d.spec?.replicas ?? 1,
        pods: d.status?.replicas ?? 0,
      };
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
      return { at, exists: false, desired: 0, pods: 0 };
    }
  }

  private async run() {
    while (!this.stopped) {
      let next: DeploymentSample;
      try {
        next = await this.sample();
      } catch {
        // A read that failed says nothing about the Deployment: the next
        // one, 100 ms later, does; the count shows if that happened often.
        this.failedReads++;
        await new Promise(r => setTimeout(r, POLL_MS));
        continue;
      }
      const last = this.samples.at(-1);
      if (
        !last ||
        last.exists !== next.exists ||
        last.desired !== next.desired ||
        last.pods !== next.pods
      ) {
        this.samples.push(next);
      }
      await new Promise(r => setTimeout(r, POLL_MS));
    }
  }

  /** Stops polling; returns the readings that changed something. */
  async stop(): Promise<DeploymentSample[]> {
    this.stopped = true;
    await this.loop;
    return this.samples;
  }

  /** The first reading at or after `since` that `matches`. */
  static firstAfter(
    samples: DeploymentSample[],
    since: number,
    matches: (s: DeploymentSample) => boolean,
  ): DeploymentSample | undefined {
    // A change seen before `since` still holds at `since`: the state then
    // is the last reading before it.
    const before = samples.filter(s => s.at < since).at(-1);
    if (before && matches(before)) return { ...before, at: since };
    return samples.find(s => s.at >= since && matches(s));
  }
}
