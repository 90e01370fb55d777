# Starts the portal: frontend on :3000, backend on :7007. Run through ./paasport start.
set -euo pipefail

# Absolute paths: the CLI resolves config paths from each package's directory.
configs=(--config "$PWD/app-config.yaml")
if [ -f app-config.local.yaml ]; then
  configs+=(--config "$PWD/app-config.local.yaml")
fi

# The local demo clusters are the embedded default. A KUBECONFIG of your own (not the
# demo's) puts the portal on your clusters instead; so do clusters configured in
# app-config.local.yaml; PAASPORT_DEVCLUSTER=off runs it without any.
mkdir -p .paasport-data
demo_kubeconfig="${PAASPORT_CACHE:-$HOME/.cache/paasport}/devcluster/state/kubeconfig"
if grep -qs 'clusterLocatorMethods' app-config.local.yaml; then
  echo "paasport: using the clusters configured in app-config.local.yaml" >&2
elif [ "${PAASPORT_DEVCLUSTER:-on}" = off ]; then
  echo "paasport: PAASPORT_DEVCLUSTER=off, starting without clusters" >&2
elif [ -n "${KUBECONFIG:-}" ] && [ "$KUBECONFIG" != "$demo_kubeconfig" ]; then
  echo "paasport: using the clusters of KUBECONFIG=$KUBECONFIG" >&2
  node scripts/kubeconfig-to-app-config.js .paasport-data/app-config.kubeconfig.yaml
  configs+=(--config "$PWD/.paasport-data/app-config.kubeconfig.yaml")
else
  echo "paasport: starting the local demo clusters (packages/devcluster); PAASPORT_DEVCLUSTER=off skips them" >&2
  if bash packages/devcluster/bin/devcluster up; then
    eval "$(bash packages/devcluster/bin/devcluster env)"
    configs+=(--config "$PAASPORT_DEVCLUSTER_CONFIG")
  else
    echo "paasport: the demo clusters did not start (see above); the portal starts without clusters" >&2
  fi
fi

mkdir -p .paasport-data/sqlite
echo "paasport: starting the portal on http://localhost:3000 (backend http://localhost:7007)" >&2
exec yarn start "${configs[@]}"
