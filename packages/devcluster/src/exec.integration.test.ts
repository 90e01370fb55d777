import { deleteNamespace, readAuditEvents, startTeamPod } from './testing';
import { ClusterApi, clusterApi } from './__testUtils__/clusterApi';
import { execAs } from './__testUtils__/execAs';
import { until } from './until';

/*
 * A terminal into a pod (issue 16): kwok runs `exec` as a local process
 * (lib/kwok.sh: ClusterExec, user paasport-exec, a scratch directory, a
 * minimal environment). The portal opens it through the API server's
 * pods/exec WebSocket as the person (impersonation), so the team's RBAC
 * (deploy/clusters/person-rbac.yaml) decides and the audit log names them.
 */
jest.setTimeout(120_000);

const cluster = 'dev';
const own = `devcluster-it-exec-${process.pid}`; // team storefront's
const other = `devcluster-it-exec-other-${process.pid}`; // team payments'
const guest = {
  user: 'paasport:user:default/guest',
  groups: ['paasport:group:default/storefront'],
};
const pod = 'shell';

let api: ClusterApi;
let since: Date;

const run = (namespace: string, command: string[], container = 'app') =>
  execAs(cluster, guest, { namespace, pod, container, command });

beforeAll(async () => {
  since = new Date();
  api = await clusterApi(cluster);
  for (const [namespace, team] of [
    [own, 'storefront'],
    [other, 'payments'],
  ]) {
    await startTeamPod(cluster, {
      namespace,
      team,
      pod,
      initContainers: ['init'],
      containers: ['app'],
    });
  }
});

afterAll(async () => {
  for (const name of [own, other]) {
    await deleteNamespace(cluster, name).catch(() => undefined);
  }
});

describe('exec into a pod as a team member', () => {
  it('runs echo and id -u as an unprivileged local process', async () => {
    const echo = await run(own, ['echo', 'hello from kwok']);
    expect(echo).toEqual(
      expect.objectContaining({ stdout: 'hello from kwok\n', exitCode: 0 }),
    );

    const id = await run(own, ['id', '-u']);
    expect(id.exitCode).toBe(0);
    expect(id.stdout).toMatch(/^\d+\n$/);
    expect(Number(id.stdout)).toBeGreaterThan(0);

    // An init container is a container too (the terminal offers them).
    const init = await run(own, ['id', '-u'], 'init');
    expect(init.stdout).toBe(id.stdout);
  });

  it('starts in its scratch directory with a minimal environment', async () => {
    const { stdout } = await run(own, ['sh', '-c', 'pwd; echo "$HOME"; env']);
    const [pwd, home, ...env] = stdout.trim().split('\n');
    expect(home).toBe(pwd);
    expect(pwd).toMatch(/paasport-exec|\/exec$/);
    const names = env.map(line => line.split('=')[0]).sort();
    // What lib/kwok.sh gives it, and the shell's own; nothing of the host's.
    for (const name of names) {
      expect([
        'HOME',
        'LANG',
        'LOGNAME',
        'OLDPWD',
        'PATH',
        'PWD',
        'SHELL',
        'SHLVL',
        'TERM',
        'USER',
        '_',
      ]).toContain(name);
    }
    expect(names).not.toContain('KUBECONFIG');
  });

  it('returns the exit status of the command', async () => {
    const failed = await run(own, ['sh', '-c', 'echo bye; exit 3']);
    expect(failed.stdout).toBe('bye\n');
    expect(failed.exitCode).toBe(3);
  });

  it('gives a TTY that follows resizes, with bash and sh', async () => {
    for (const shell of ['bash', 'sh']) {
      let resized = false;
      const session = await execAs(cluster, guest, {
        namespace: own,
        pod,
        container: 'app',
        command: [shell, '-c', 'stty size; sleep 1; stty size'],
        tty: {
          rows: 24,
          columns: 80,
          onOutput: (_, resize) => {
            if (resized) return;
            resized = true;
            resize(50, 132);
          },
        },
      });
      expect([shell, session.stdout.replace(/\r/g, '')]).toEqual([
        shell,
        '24 80\n50 132\n',
      ]);
      expect(session.exitCode).toBe(0);
    }
  });

  it("is refused in another team's namespace", async () => {
    await expect(run(other, ['echo', 'no'])).rejects.toThrow(/403/);
    // The same request without the upgrade shows why: RBAC, as the person.
    const answer = await api.call(
      'POST',
      `/api/v1/namespaces/${other}/pods/${pod}/exec?command=echo&stdout=true`,
      { as: guest },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain(
      `"${guest.user}" cannot create resource "pods/exec"`,
    );
  });

  it('is in the audit log under the person', async () => {
    const event = await until('the exec in the audit log', async () =>
      readAuditEvents(cluster, since).find(
        e =>
          e.objectRef?.subresource === 'exec' &&
          e.objectRef.namespace === own &&
          e.responseStatus?.code !== 403,
      ),
    );
    expect(event.user.username).toBe(
      'system:serviceaccount:paasport-system:paasport-portal',
    );
    expect(event.impersonatedUser?.username).toBe(guest.user);
  });
});
