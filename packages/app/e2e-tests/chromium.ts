/**
 * How the browser tests and the page-timing bench start Debian's Chromium:
 * no sandbox (root in CI containers), no GPU, and none of the background
 * traffic (updates, sync, QUIC probes) that would reach for the internet.
 */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, unless PAASPORT_CHROMIUM names another. */
export const chromiumPath =
  process.env.PAASPORT_CHROMIUM ?? '/usr/bin/chromium';
