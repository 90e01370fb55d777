import { mockCredentials } from '@backstage/backend-test-utils';
import { CanaryDetail } from '@paasport/plugin-console-common';
import request from 'supertest';
import { startConsoleBackend } from '../../src/__testUtils__/backend';

type Server = Awaited<ReturnType<typeof startConsoleBackend>>['server'];

/** The analysis settings of both runs: those of canary.integration.test.ts. */
export const ANALYSIS = {
  intervalSeconds: 15,
  windowSeconds: 60,
  minSamples: 4,
  alpha: 0.1,
  minRequests: 50,
};

/** The share of 5xx the devcluster exporter gives a pod. */
export const ERROR_RATE_ANNOTATION = 'devcluster.paasport.io/error-rate';

/** An image of the bench's own registry path (kwok never pulls it). */
export const image = (app: string, version: string) =>
  `registry.paasport.dev/console-bench/${app}:${version}`;

const POLL_MS = 250;

/**
 * The console's canary endpoints as alice (a member of the scratch
 * namespace's team) calls them from the Releases tab.
 */
export class CanaryClient {
  constructor(
    private readonly server: Server,
    private readonly namespace: string,
  ) {}

  private readonly auth = {
    Authorization: mockCredentials.user.header('user:default/alice'),
  };

  /** `POST .../canaries` on `dev`; throws unless the canary started (201). */
  async start(app: string, spec: object): Promise<CanaryDetail> {
    const res = await request(this.server)
      .post(`/api/console/entities/component/default/${app}/canaries`)
      .set(this.auth)
      .send({
        cluster: 'dev',
        namespace: this.namespace,
        name: app,
        reason: 'canary benchmark',
        spec,
      });
    if (res.status !== 201) {
      throw new Error(
        `starting the canary of ${app}: ${res.status} ${JSON.stringify(
          res.body,
        )}`,
      );
    }
    return res.body as CanaryDetail;
  }

  /** `GET /canaries/:id`. */
  async read(id: string): Promise<CanaryDetail> {
    const res = await request(this.server)
      .get(`/api/console/canaries/${id}`)
      .set(this.auth);
    if (res.status !== 200) {
      throw new Error(`reading canary ${id}: ${res.status}`);
    }
    return res.body as CanaryDetail;
  }

  /**
   * Reads the canary every 250 ms until `done` says so. A pause for a person
   * (an inconclusive verdict, a gate) would wait forever, so it fails the
   * run with the canary's own message instead.
   */
  async until(
    id: string,
    done: (canary: CanaryDetail) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<CanaryDetail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const canary = await this.read(id);
      if (done(canary)) return canary;
      const waitsForPerson =
        canary.phase === 'paused' &&
        canary.pause &&
        canary.pause.kind !== 'step' &&
        canary.pause.kind !== 'retry';
      if (waitsForPerson || canary.finishedAt || Date.now() > deadline) {
        throw new Error(
          `${what}: the canary is ${canary.phase} (${canary.message})`,
        );
      }
      await new Promise(r => setTimeout(r, POLL_MS));
    }
  }
}
