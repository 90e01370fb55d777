import { AuditEvent, readAuditEvents } from '@paasport/devcluster';

/** The portal's ServiceAccount as the apiserver names it. */
export const PORTAL_USER =
  'system:serviceaccount:paasport-system:paasport-portal';

/** One row of the breakdown: who, which verb on which resource, how many. */
export interface AuditRow {
  /** `portal`, or `as <user>` for a request impersonating a person. */
  identity: string;
  /** e.g. `patch deployments/scale`. */
  request: string;
  count: number;
}

/** The portal's requests in a window, as the apiserver's audit log has them. */
export interface AuditCount {
  /** Requests in the bench's namespace, by identity and request. */
  rows: AuditRow[];
  total: number;
  /** Portal requests in other namespaces meanwhile (other tests' backends). */
  elsewhere: number;
}

const requestOf = (e: AuditEvent) => {
  const ref = e.objectRef;
  const resource = ref?.resource
    ? `${ref.resource}${ref.subresource ? `/${ref.subresource}` : ''}`
    : e.requestURI;
  return `${e.verb} ${resource}`;
};

/**
 * Counts the requests of the portal identity (its own, and those it made
 * impersonating a person) in `namespace` of `cluster` received in
 * [since, until). The devcluster's audit policy records writes only (no
 * get, list or watch), so this is what the portal changed, not what it read.
 */
export function countPortalRequests(
  cluster: string,
  namespace: string,
  since: Date,
  until: Date,
): AuditCount {
  const byKey = new Map<string, AuditRow>();
  let elsewhere = 0;
  for (const e of readAuditEvents(cluster, since)) {
    if (e.user.username !== PORTAL_USER) continue;
    if (new Date(e.requestReceivedTimestamp) >= until) continue;
    if (e.objectRef?.namespace !== namespace) {
      elsewhere++;
      continue;
    }
    const identity = e.impersonatedUser
      ? `as ${e.impersonatedUser.username}`
      : 'portal';
    const request = requestOf(e);
    const key = `${identity}\n${request}`;
    const row = byKey.get(key) ?? { identity, request, count: 0 };
    row.count++;
    byKey.set(key, row);
  }
  const rows = [...byKey.values()].sort(
    (a, b) =>
      a.identity.localeCompare(b.identity) ||
      a.request.localeCompare(b.request),
  );
  return {
    rows,
    total: rows.reduce((sum, r) => sum + r.count, 0),
    elsewhere,
  };
}
