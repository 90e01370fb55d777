import { loadClientNode } from '@paasport/kubernetes-node';
import type { KubeConfig, V1Job, V1Pod } from '@kubernetes/client-node';
import {
  createTeamNamespace,
  deleteNamespace,
  devclusterKubeConfig,
} from './testing';
import { ClusterApi, clusterApi } from './__testUtils__/clusterApi';
import { until } from './until';

/*
 * One-off Jobs (issue 16) on the demo clusters: kwok ends a Job's pods as the
 * pod template's annotations say (kwok/stages.yaml; the exporter numbers the
 * attempts and writes the logs), and the cluster's real Job controller
 * applies backoffLimit, podFailurePolicy and activeDeadlineSeconds. The Jobs
 * are made as a team member through the portal's token, as the portal will.
 */
jest.setTimeout(180_000);

const cluster = 'dev';
const namespace = `devcluster-it-jobs-${process.pid}`;
const member = {
  user: 'paasport:user:default/guest',
  groups: ['paasport:group:default/storefront'],
};

let k8s: Awaited<ReturnType<typeof loadClientNode>>;
let admin: KubeConfig;
let api: ClusterApi;

/** Creates a Job as the team member; its pods end as `annotations` say. */
async function runJob(
  name: string,
  annotations: Record<string, string>,
  spec: Record<string, unknown>,
) {
  const created = await api.call(
    'POST',
    `/apis/batch/v1/namespaces/${namespace}/jobs`,
    {
      as: member,
      body: {
        metadata: { name },
        spec: {
          ...spec,
          template: {
            metadata: { annotations },
            spec: {
              restartPolicy: 'Never',
              containers: [
                { name: 'task', image: 'registry.paasport.dev/it/task:1' },
              ],
            },
          },
        },
      },
    },
  );
  expect([name, created.status]).toEqual([name, 201]);
}

/** The Job once it is Complete or Failed, read as the team member. */
async function finished(name: string, seconds?: number): Promise<V1Job> {
  return until(
    `Job ${name} finished`,
    async () => {
      const { status, body } = await api.call(
        'GET',
        `/apis/batch/v1/namespaces/${namespace}/jobs/${name}`,
        { as: member },
      );
      const done = (body as V1Job).status?.conditions?.some(
        c => ['Complete', 'Failed'].includes(c.type) && c.status === 'True',
      );
      return status === 200 && done ? (body as V1Job) : undefined;
    },
    { seconds: seconds ?? 90, intervalMs: 500 },
  );
}

/** Why the Job failed (the Failed condition's reason), or 'Complete'. */
function reason(job: V1Job) {
  const holds = (type: string) =>
    job.status?.conditions?.find(c => c.type === type && c.status === 'True');
  return (
    holds('Failed')?.reason ?? (holds('Complete') ? 'Complete' : undefined)
  );
}

/** The Job's pods, oldest first: phase, exit code and attempt number. */
async function pods(job: string) {
  const list = await admin
    .makeApiClient(k8s.CoreV1Api)
    .listNamespacedPod({ namespace, labelSelector: `job-name=${job}` });
  return list.items
    .sort(
      (a, b) =>
        a.metadata!.creationTimestamp!.getTime() -
        b.metadata!.creationTimestamp!.getTime(),
    )
    .map((p: V1Pod) => ({
      name: p.metadata!.name!,
      phase: p.status?.phase,
      exitCode: p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode,
      attempt: p.metadata?.annotations?.['devcluster.paasport.io/attempt'],
    }));
}

beforeAll(async () => {
  k8s = await loadClientNode();
  admin = await devclusterKubeConfig(cluster);
  api = await clusterApi(cluster);
  await createTeamNamespace(cluster, { name: namespace, team: 'storefront' });
});

afterAll(async () => {
  await deleteNamespace(cluster, namespace).catch(() => undefined);
});

describe('Jobs on the dev cluster', () => {
  it('run once: a failing pod fails the Job at once, with its exit code and log', async () => {
    await runJob(
      'once',
      { 'devcluster.paasport.io/exit-code': '3' },
      { backoffLimit: 0 },
    );
    const job = await finished('once');
    expect(reason(job)).toBe('BackoffLimitExceeded');
    expect(job.status?.failed).toBe(1);
    const [pod, ...more] = await pods('once');
    expect(more).toEqual([]);
    expect(pod).toEqual(
      expect.objectContaining({ phase: 'Failed', exitCode: 3 }),
    );

    // The exporter writes the exit line within a second of the pod's end.
    const log = await until('the log with its exit line', async () => {
      const text = await admin
        .makeApiClient(k8s.CoreV1Api)
        .readNamespacedPodLog({ namespace, name: pod.name });
      return text.includes('exiting with code 3') ? text : undefined;
    });
    expect(log.split('\n')[0]).toContain('starting job once');
    expect(log.trim().split('\n').at(-1)).toMatch(
      /error: the task failed; exiting with code 3$/,
    );
  });

  it('retry: backoffLimit 3 with two failing pods completes on the third', async () => {
    await runJob(
      'retry',
      { 'devcluster.paasport.io/fail-times': '2' },
      { backoffLimit: 3 },
    );
    // The Job controller waits 10 s, then 20 s, before it replaces a failed pod.
    const job = await finished('retry', 150);
    expect(reason(job)).toBe('Complete');
    expect([job.status?.failed, job.status?.succeeded]).toEqual([2, 1]);
    expect(
      (await pods('retry')).map(({ phase, exitCode, attempt }) => ({
        phase,
        exitCode,
        attempt,
      })),
    ).toEqual([
      { phase: 'Failed', exitCode: 1, attempt: '1' },
      { phase: 'Failed', exitCode: 1, attempt: '2' },
      { phase: 'Succeeded', exitCode: 0, attempt: '3' },
    ]);
  });

  it('podFailurePolicy: exit code 42 fails the Job without retries', async () => {
    await runJob(
      'policy',
      { 'devcluster.paasport.io/exit-code': '42' },
      {
        backoffLimit: 6,
        podFailurePolicy: {
          rules: [
            {
              action: 'FailJob',
              onExitCodes: { operator: 'In', values: [42] },
            },
          ],
        },
      },
    );
    const job = await finished('policy');
    expect(reason(job)).toBe('PodFailurePolicy');
    expect((await pods('policy')).map(p => p.exitCode)).toEqual([42]);
  });

  it('activeDeadlineSeconds: a pod that runs too long fails the Job (DeadlineExceeded)', async () => {
    await runJob(
      'deadline',
      { 'devcluster.paasport.io/duration': '5m' },
      { backoffLimit: 0, activeDeadlineSeconds: 3 },
    );
    const job = await finished('deadline');
    expect(reason(job)).toBe('DeadlineExceeded');
  });

  it('lets the team list CronJobs and delete its Job', async () => {
    const cronJobs = await api.call(
      'GET',
      `/apis/batch/v1/namespaces/${namespace}/cronjobs`,
      { as: member },
    );
    expect(cronJobs.status).toBe(200);
    const deleted = await api.call(
      'DELETE',
      `/apis/batch/v1/namespaces/${namespace}/jobs/once`,
      { as: member, body: { propagationPolicy: 'Background' } },
    );
    expect(deleted.status).toBe(200);
  });
});
