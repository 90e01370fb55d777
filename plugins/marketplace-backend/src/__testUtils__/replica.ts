import { ChildProcess, spawn } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { createInterface } from 'node:readline';

/** A replica process started by {@link startReplica}. */
export interface ReplicaProcess {
  /** Resolves with the first output line matching `pattern` (its groups). */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGKILL, as an orchestrator kills a pod; resolves once it is gone. */
  kill(): Promise<void>;
  /** What it wrote to stderr, for failure messages. */
  stderr(): string;
}

/**
 * Runs `replicaProcess.ts` (a processor whose provision calls never come
 * back) in a child Node process against the given database and broker.
 */
export function startReplica(options: {
  connection: unknown;
  brokerUrl: string;
  leaseMs: number;
}): ReplicaProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      resolvePath(__dirname, 'replicaProcess.ts'),
    ],
    {
      env: {
        ...process.env,
        REPLICA_DB: JSON.stringify(options.connection),
        REPLICA_BROKER_URL: options.brokerUrl,
        REPLICA_LEASE_MS: String(options.leaseMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let errors = '';
  child.stderr!.on('data', chunk => {
    errors += String(chunk);
  });
  createInterface({ input: child.stdout! }).on('line', text => {
    lines.push(text);
    for (const wake of waiters) wake();
  });
  const exited = new Promise<void>(done => child.once('exit', () => done()));
  exited.then(() => {
    for (const wake of waiters) wake();
  });

  return {
    line(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`No line ${pattern} from the replica`)),
          timeoutMs,
        );
        const check = () => {
          const match = lines.map(l => l.match(pattern)).find(Boolean);
          if (match) finish(undefined, match);
          else if (child.exitCode !== null || child.signalCode !== null)
            finish(new Error(`The replica exited:\n${errors}`));
        };
        function finish(error?: Error, match?: RegExpMatchArray | null) {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(match!);
        }
        waiters.add(check);
        check();
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
      await exited;
    },
    stderr: () => errors,
  };
}
