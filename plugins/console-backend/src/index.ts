/**
 * Application console backend: releases, rollback, logs and metrics of the
 * catalog's workloads across clusters.
 *
 * @packageDocumentation
 */

export { consolePlugin as default } from './plugin';
