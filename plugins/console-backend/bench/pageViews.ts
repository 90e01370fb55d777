import { BenchAdmin } from './admin';
import { countRequests } from './apiserverRequests';
import { PageViews } from './report';

/** One way of serving the page, e.g. one plugin's endpoint. */
export interface Contender {
  label: string;
  view: () => Promise<{ ms: number; bytes: number }>;
}

/**
 * Runs `views` sequential page views per contender, counting apiserver
 * requests per contender window.
 *
 * @remarks
 * The views run in `rounds` alternating blocks (A B A B …) rather than all
 * of A then all of B, so that load from elsewhere on the machine (it has 2
 * cores and is shared) falls on both alike. Each block is its own counting
 * window; the counts are summed.
 */
export async function comparePageViews(options: {
  admins: BenchAdmin[];
  contenders: Contender[];
  views: number;
  warmup: number;
  rounds: number;
}): Promise<PageViews[]> {
  const { admins, contenders, views, warmup, rounds } = options;
  for (const contender of contenders) {
    for (let i = 0; i < warmup; i++) await contender.view();
  }
  const results: PageViews[] = contenders.map(c => ({
    label: c.label,
    samples: [],
    bytes: 0,
    portalRequests: 0,
    allRequests: 0,
    windowMs: 0,
  }));
  for (let round = 0; round < rounds; round++) {
    const inRound =
      Math.floor(views / rounds) + (round < views % rounds ? 1 : 0);
    for (const [i, contender] of contenders.entries()) {
      const result = results[i];
      const counted = await countRequests(admins, async () => {
        for (let v = 0; v < inRound; v++) {
          const timed = await contender.view();
          result.samples.push(timed.ms);
          result.bytes = timed.bytes;
        }
      });
      result.portalRequests += counted.portal;
      result.allRequests += counted.all;
      result.windowMs += counted.ms;
    }
  }
  return results;
}

/**
 * Waits until the apiservers are back to their idle request rate.
 *
 * @remarks
 * Creating thousands of pods keeps the controllers and kwok busy (events,
 * status updates) for a while after the last replica became available; the
 * page views are meant for the steady state, and a busy apiserver would
 * also take CPU from the backend on this 2-core machine. Returns the last
 * rate (requests/s per cluster, all clients).
 */
export async function quiesce(
  admins: BenchAdmin[],
  options: { perClusterPerSecond: number; timeoutMs: number },
  progress: (message: string) => void,
): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const window = await countRequests(
      admins,
      () => new Promise(r => setTimeout(r, 5000)),
    );
    const rate = window.all / (window.ms / 1000) / admins.length;
    if (rate <= options.perClusterPerSecond || Date.now() > deadline) {
      return rate;
    }
    progress(
      `apiservers still busy: ${rate.toFixed(1)} requests/s per cluster`,
    );
  }
}
