import { NotAllowedError } from '@backstage/errors';
import {
  deleteNamespace,
  readAuditEvents,
  startTeamPod,
  until,
} from '@paasport/devcluster';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ExecSession } from './exec/ExecSession';
import { KubernetesIdentities } from './impersonation';
import type { KubernetesCluster } from './KubernetesCluster';
import { KubernetesClusters } from './KubernetesClusters';
import type { ExecTarget } from './KubernetesExec';
import { devcluster } from './__testUtils__/devcluster';

/*
 * exec against the local devcluster (packages/devcluster, README "Exec"):
 * kwok runs the command as an unprivileged local process. The portal's token
 * acts as a storefront member, so the API server's RBAC decides and its
 * audit log names them. Fails if the clusters are down.
 */
jest.setTimeout(120_000);

const own = `kn-exec-${process.pid}`; // team storefront's
const other = `kn-exec-other-${process.pid}`; // team payments'
const pod = 'shell';
const member = new KubernetesIdentities().person('user:default/guest', [
  'group:default/storefront',
]);

let dev: KubernetesCluster;
let since: Date;

/** Everything a stream gives until it ends. */
async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const target = (command: string[], more: Partial<ExecTarget> = {}) => ({
  namespace: own,
  pod,
  container: 'app',
  command,
  ...more,
});

/** Runs a command to its end as the member; output as text. */
async function run(command: string[], more: Partial<ExecTarget> = {}) {
  const session = await dev.exec(target(command, more), {
    impersonate: member,
  });
  const [stdout, stderr, outcome] = await Promise.all([
    drain(session.stdout),
    drain(session.stderr),
    session.done,
  ]);
  return {
    protocol: session.protocol,
    stdout: stdout.toString(),
    stderr: stderr.toString(),
    outcome,
  };
}

/** Collects a TTY's output and waits for text in it. */
function terminalOutput(session: ExecSession) {
  let text = '';
  session.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString().replace(/\r/g, '');
  });
  return { text: () => text };
}

beforeAll(async () => {
  since = new Date();
  dev = KubernetesClusters.fromConfig((await devcluster()).config).get('dev')!;
  for (const [namespace, team] of [
    [own, 'storefront'],
    [other, 'payments'],
  ]) {
    await startTeamPod('dev', { namespace, team, pod, containers: ['app'] });
  }
});

afterAll(async () => {
  for (const name of [own, other]) {
    await deleteNamespace('dev', name).catch(() => undefined);
  }
});

describe('KubernetesCluster.exec as a team member', () => {
  it('runs a command over v5 and reports exit code 0', async () => {
    expect(await run(['echo', 'hello'])).toEqual({
      protocol: 'v5.channel.k8s.io',
      stdout: 'hello\n',
      stderr: '',
      outcome: { status: 'Success', exitCode: 0 },
    });
  });

  it('reports a non-zero exit code, with stderr apart', async () => {
    const result = await run(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toBe('err\n');
    expect(result.outcome).toMatchObject({
      status: 'Failure',
      exitCode: 3,
      reason: 'NonZeroExitCode',
    });
  });

  it('has no exit code for a command that cannot start', async () => {
    const { outcome } = await run(['/nonexistent/program']);
    expect(outcome).toEqual({
      status: 'Failure',
      reason: 'InternalError',
      message: expect.stringContaining('no such file or directory'),
    });
  });

  it('passes stdin through byte for byte, and its end', async () => {
    const input = randomBytes(256 * 1024); // many frames, every byte value
    // `cat` ends only when its input does: the v5 CLOSE signal that
    // closeStdin sends must reach the command as end of file.
    const session = await dev.exec(target(['cat'], { stdin: true }), {
      impersonate: member,
    });
    const output = drain(session.stdout);
    for (let at = 0; at < input.length; at += 16 * 1024) {
      expect(session.writeStdin(input.subarray(at, at + 16 * 1024))).toBe(true);
    }
    session.closeStdin();
    expect(await session.done).toEqual({ status: 'Success', exitCode: 0 });
    expect((await output).equals(input)).toBe(true);
    expect(() => session.writeStdin('late')).toThrow('stdin is already closed');
  });

  it('gives a TTY that follows every resize', async () => {
    const session = await dev.exec(
      target(['sh', '-c', 'while read line; do stty size; done'], {
        tty: true,
      }),
      { impersonate: member },
    );
    const terminal = terminalOutput(session);
    // The server applies sizes apart from input, so a line typed right after
    // a resize may be read first: type lines until the size shows.
    const sizeShows = async (cols: number, rows: number) => {
      session.resize(cols, rows);
      await until(`${rows} ${cols} on the terminal`, async () => {
        session.writeStdin('\n');
        await new Promise(r => setTimeout(r, 50));
        return terminal.text().endsWith(`\n${rows} ${cols}\n`)
          ? true
          : undefined;
      });
    };
    await sizeShows(100, 30);
    await sizeShows(132, 50);
    session.writeStdin('\x04'); // Ctrl-D: end of input on a terminal
    expect(await session.done).toEqual({ status: 'Success', exitCode: 0 });
    expect(terminal.text()).toMatch(/^(\n\d+ \d+\n)*$/);
    expect(await drain(session.stderr)).toEqual(Buffer.alloc(0));
  });

  it('is refused, naming the person, in another team namespace', async () => {
    const error = await dev
      .exec(target(['echo', 'no'], { namespace: other }), {
        impersonate: member,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(
      `dev: exec in ${other}/${pod} container app as ${member.user}: refused by the cluster`,
    );
    expect(error.message).toContain(`User "${member.user}" cannot`);
    expect(error.message).toContain('"pods/exec"');
  });

  it('says which pod or container does not exist', async () => {
    await expect(
      dev.exec(target(['true'], { pod: 'missing' }), { impersonate: member }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    const error = await dev
      .exec(target(['true'], { container: 'nope' }), { impersonate: member })
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain('nope');
  });

  it('ends a running command on abort and on close', async () => {
    const controller = new AbortController();
    const aborted = await dev.exec(target(['sleep', '15']), {
      impersonate: member,
      signal: controller.signal,
    });
    const started = Date.now();
    controller.abort();
    await expect(aborted.done).rejects.toMatchObject({ name: 'AbortError' });

    const closed = await dev.exec(target(['sleep', '15']), {
      impersonate: member,
    });
    closed.close();
    await expect(closed.done).rejects.toThrow(
      'closed before the command ended',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('is in the audit log under the person', async () => {
    const event = await until('the exec in the audit log', async () =>
      readAuditEvents('dev', since).find(
        e =>
          e.objectRef?.subresource === 'exec' &&
          e.objectRef.namespace === own &&
          e.objectRef.name === pod &&
          e.responseStatus?.code === 101,
      ),
    );
    expect(event.user.username).toBe(
      'system:serviceaccount:paasport-system:paasport-portal',
    );
    expect(event.impersonatedUser).toEqual({
      username: member.user,
      groups: expect.arrayContaining(member.groups),
    });
  });
});
