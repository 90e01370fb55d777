import type { KubernetesObject } from '@kubernetes/client-node';
import { BenchAdmin } from './admin';

/**
 * FlowSchema that classifies exactly the portal's ServiceAccount, and the
 * requests it makes as a person of the bench entity's team (impersonated
 * requests are classified by the identity they are made as), so that
 * `apiserver_flowcontrol_dispatched_requests_total{flow_schema=…}` counts the
 * requests the portal made and nothing else. `apiserver_request_total` has
 * no client label: it also counts kwok's lease renewals, the exporter's pod
 * lists and the controllers.
 */
export const PORTAL_FLOW_SCHEMA = 'paasport-bench-portal';

/**
 * Installs the FlowSchema on a bench cluster. Same priority level as the
 * built-in `service-accounts` schema that would otherwise match the portal,
 * so the classification changes what is counted, not how requests are
 * queued.
 */
export async function attributePortalRequests(admin: BenchAdmin) {
  await admin.objects.patch(
    {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name: PORTAL_FLOW_SCHEMA },
      spec: {
        priorityLevelConfiguration: { name: 'workload-low' },
        matchingPrecedence: 500,
        distinguisherMethod: { type: 'ByUser' },
        rules: [
          {
            subjects: [
              {
                kind: 'ServiceAccount',
                serviceAccount: {
                  name: 'paasport-portal',
                  namespace: 'paasport-system',
                },
              },
              // A rollback is sent as the bench user of team storefront.
              {
                kind: 'Group',
                group: { name: 'paasport:group:default/storefront' },
              },
            ],
            resourceRules: [
              {
                verbs: ['*'],
                apiGroups: ['*'],
                resources: ['*'],
                clusterScope: true,
                namespaces: ['*'],
              },
            ],
            nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          },
        ],
      },
    } as KubernetesObject,
    undefined,
    undefined,
    'console-bench',
    true,
    admin.k8s.PatchStrategy.ServerSideApply,
  );
}

/** Counter readings of one apiserver. */
export interface RequestCounters {
  /** Requests classified as the portal's (see {@link PORTAL_FLOW_SCHEMA}). */
  portal: number;
  /** Every request the apiserver finished (`apiserver_request_total`). */
  all: number;
}

/** Sums the samples of a counter whose labels contain `match`. */
function sumCounter(text: string, name: string, match = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) || !line.includes(match)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Reads one apiserver's counters from its /metrics (one admin request). */
export async function readCounters(
  admin: BenchAdmin,
): Promise<RequestCounters> {
  const text = await admin.getText('/metrics');
  return {
    portal: sumCounter(
      text,
      'apiserver_flowcontrol_dispatched_requests_total',
      `flow_schema="${PORTAL_FLOW_SCHEMA}"`,
    ),
    // Scrapes of /metrics are not counted by Kubernetes 1.36 (there is no
    // such series); subtracting them keeps this right if a version does.
    all:
      sumCounter(text, 'apiserver_request_total') -
      sumCounter(text, 'apiserver_request_total', 'subresource="/metrics"'),
  };
}

/**
 * Counts apiserver requests over a piece of work, summed over the clusters.
 * The bench's own scrapes are in neither figure: the portal counter only
 * has the portal's identity, and `all` leaves /metrics out.
 */
export async function countRequests<T>(
  admins: BenchAdmin[],
  work: () => Promise<T>,
): Promise<{ result: T; portal: number; all: number; ms: number }> {
  const before = await Promise.all(admins.map(readCounters));
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const after = await Promise.all(admins.map(readCounters));
  let portal = 0;
  let all = 0;
  after.forEach((a, i) => {
    portal += a.portal - before[i].portal;
    all += a.all - before[i].all;
  });
  return { result, portal, all, ms };
}
