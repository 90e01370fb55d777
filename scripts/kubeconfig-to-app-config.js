#!/usr/bin/env node
// Turns the user's kubeconfig (KUBECONFIG, first file) into a Backstage config fragment
// with one `kubernetes.clusterLocatorMethods` cluster per context, so that
// `./paasport start` can run the portal on the user's own clusters.
// Usage: node scripts/kubeconfig-to-app-config.js <out.yaml>
// Only bearer tokens (`token` or `tokenFile`) are taken: Backstage's Kubernetes plugin
// has no client-certificate strategy, and exec plugins or auth-providers give no
// static credentials for the portal's background watches. Other contexts are skipped
// with a warning.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const [out] = process.argv.slice(2);
const file = (process.env.KUBECONFIG || '').split(':')[0];
if (!out || !file) {
  console.error(
    'usage: KUBECONFIG=<file> kubeconfig-to-app-config.js <out.yaml>',
  );
  process.exit(2);
}
const kubeconfig = YAML.parse(fs.readFileSync(file, 'utf8'));
const base = path.dirname(file);
const byName = list => new Map((list ?? []).map(entry => [entry.name, entry]));
const clusters = byName(kubeconfig.clusters);
const users = byName(kubeconfig.users);

// kubeconfig allows `*-data` (base64) or a file path; Backstage wants the data.
function data(section, key) {
  if (section[`${key}-data`]) return section[`${key}-data`];
  if (!section[key]) return undefined;
  return fs.readFileSync(path.resolve(base, section[key])).toString('base64');
}

const result = [];
for (const { name, context } of kubeconfig.contexts ?? []) {
  const cluster = clusters.get(context.cluster)?.cluster;
  const user = users.get(context.user)?.user ?? {};
  if (!cluster?.server) {
    console.error(
      `kubeconfig: context '${name}' has no cluster server; skipped`,
    );
    continue;
  }
  const entry = {
    name,
    url: cluster.server,
    authProvider: 'serviceAccount',
    skipTLSVerify: Boolean(cluster['insecure-skip-tls-verify']),
    skipMetricsLookup: true,
  };
  const caData = data(cluster, 'certificate-authority');
  if (caData) entry.caData = caData;
  const token =
    user.token ??
    (user.tokenFile &&
      fs.readFileSync(path.resolve(base, user.tokenFile), 'utf8').trim());
  if (!token) {
    console.error(
      `kubeconfig: context '${name}' has no bearer token (create a service-account token for the portal); skipped`,
    );
    continue;
  }
  entry.serviceAccountToken = token;
  result.push(entry);
}
if (!result.length) {
  console.error(`kubeconfig: no usable context in ${file}`);
  process.exit(1);
}
const fragment = {
  kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: result }] },
};
fs.writeFileSync(
  out,
  `# Generated from ${file} by scripts/kubeconfig-to-app-config.js\n${YAML.stringify(
    fragment,
  )}`,
  { mode: 0o600 },
);
console.error(
  `kubeconfig: ${result.length} cluster(s) from ${file}: ${result
    .map(c => c.name)
    .join(', ')}`,
);
