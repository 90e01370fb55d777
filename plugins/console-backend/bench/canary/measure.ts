import { AuditCount, countPortalRequests } from './auditRequests';
import {
  HandlerCounts,
  OwnQueryCounter,
  queriesBetween,
  readHandlerCounts,
} from './prometheusRequests';

/** Where a run's requests are counted: dev's Prometheus and apiserver. */
export interface CountedPlace {
  cluster: string;
  namespace: string;
  prometheusUrl: string;
}

/** A piece of work with the requests it caused. */
export interface Measured<T> {
  result: T;
  /** Query requests Prometheus served meanwhile (all its clients), per handler. */
  queries: HandlerCounts;
  /** Query requests this process (the bench's backend) sent, per handler. */
  ownQueries: HandlerCounts;
  /** The portal's writes in the namespace meanwhile (audit log). */
  audit: AuditCount;
  windowMs: number;
}

/** The apiserver writes an audit event a moment after it answers. */
const AUDIT_LAG_MS = 2_000;

/**
 * Runs `work` between two readings of Prometheus's request counters,
 * counting the backend's own queries as well, and reads the audit log for
 * its window.
 */
export async function measured<T>(
  place: CountedPlace,
  work: () => Promise<T>,
): Promise<Measured<T>> {
  const before = await readHandlerCounts(place.prometheusUrl);
  const since = new Date();
  const own = new OwnQueryCounter(place.prometheusUrl);
  let result: T;
  let ownQueries: HandlerCounts;
  try {
    result = await work();
  } finally {
    ownQueries = own.stop();
  }
  const until = new Date();
  const after = await readHandlerCounts(place.prometheusUrl);
  await new Promise(r => setTimeout(r, AUDIT_LAG_MS));
  return {
    result,
    queries: queriesBetween(before, after),
    ownQueries,
    audit: countPortalRequests(place.cluster, place.namespace, since, until),
    windowMs: until.getTime() - since.getTime(),
  };
}
