import { ensureDevclusterUp } from './testing';

/** Jest global setup: integration tests run on the local clusters. */
export default async function globalSetup() {
  ensureDevclusterUp();
}
