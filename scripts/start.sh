# Starts the portal: frontend on :3000, backend on :7007. Run through ./paasport start.
set -euo pipefail

# Absolute paths: the CLI resolves config paths from each package's directory.
configs=(--config "$PWD/app-config.yaml")
if [ -f app-config.local.yaml ]; then
  configs+=(--config "$PWD/app-config.local.yaml")
fi

# The local demo clusters are the embedded default; PAASPORT_DEVCLUSTER=off (or clusters of
# your own in app-config.local.yaml) leaves them out.
if [ "${PAASPORT_DEVCLUSTER:-on}" != off ] && ! grep -qs 'clusterLocatorMethods' app-config.local.yaml; then
  echo "paasport: starting the local demo clusters (packages/devcluster); PAASPORT_DEVCLUSTER=off skips them" >&2
  if bash packages/devcluster/bin/devcluster up; then
    eval "$(bash packages/devcluster/bin/devcluster env)"
    configs+=(--config "$PAASPORT_DEVCLUSTER_CONFIG")
  else
    echo "paasport: the demo clusters did not start (see above); the portal starts without clusters" >&2
  fi
else
  echo "paasport: not starting the demo clusters (PAASPORT_DEVCLUSTER=off or clusters in app-config.local.yaml)" >&2
fi

mkdir -p .paasport-data/sqlite
echo "paasport: starting the portal on http://localhost:3000 (backend http://localhost:7007)" >&2
exec yarn start "${configs[@]}"
