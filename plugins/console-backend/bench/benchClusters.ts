import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Where and how the benchmark's own clusters run. */
export interface BenchClusterOptions {
  /** PAASPORT_STATE of the bench instance: data, logs, kubeconfig, tokens. */
  stateDir: string;
  /** DEVCLUSTER_PORT_BASE; cluster i owns portBase + 100·i + offset. */
  portBase: number;
  names: string[];
  /** Fake kwok nodes per cluster; each takes 110 pods. */
  nodes: number;
}

// The devcluster script of the workspace (test tooling, never in production).
const devclusterBin = path.join(
  path.dirname(require.resolve('@paasport/devcluster/package.json')),
  'bin',
  'devcluster',
);

/**
 * The environment that points `devcluster` (and `readDevclusterConfig()`,
 * which shells out to `devcluster env`) at the bench instance instead of the
 * shared dev/prod clusters. Only the binaries' cache is shared.
 */
export function benchClusterEnv(
  options: BenchClusterOptions,
): Record<string, string> {
  return {
    PAASPORT_STATE: options.stateDir,
    DEVCLUSTER_PORT_BASE: String(options.portBase),
    DEVCLUSTER_CLUSTERS: options.names.join(' '),
    DEVCLUSTER_NODES: String(options.nodes),
  };
}

/**
 * Runs `devcluster <args>` for the bench instance. Its chatter goes to a log
 * file next to the state directory; on failure the tail is printed, because
 * that is where the reason is.
 */
export async function devcluster(
  options: BenchClusterOptions,
  args: string[],
): Promise<void> {
  const logFile = `${options.stateDir}.devcluster.log`;
  const log = fs.openSync(logFile, 'a');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('bash', [devclusterBin, ...args], {
        env: { ...process.env, ...benchClusterEnv(options) },
        stdio: ['ignore', log, log],
      });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) {
      const tail = fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .slice(-30)
        .join('\n');
      throw new Error(
        `devcluster ${args.join(
          ' ',
        )} exited with ${code}; last lines of ${logFile}:\n${tail}`,
      );
    }
  } finally {
    fs.closeSync(log);
  }
}

/**
 * Starts the bench instance (or reuses it when it already runs) and makes
 * this process read its config. Returns how long `up` took.
 */
export async function benchClustersUp(
  options: BenchClusterOptions,
): Promise<number> {
  Object.assign(process.env, benchClusterEnv(options));
  const started = performance.now();
  await devcluster(options, ['up']);
  return performance.now() - started;
}

/** Stops every process of the bench instance and deletes its state. */
export async function benchClustersPurge(
  options: BenchClusterOptions,
): Promise<void> {
  await devcluster(options, ['down', '--purge']);
  fs.rmSync(`${options.stateDir}.devcluster.log`, { force: true });
}
