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

# The local Gitea (packages/devcluster gitea) that the software templates publish to;
# PAASPORT_GITEA=off leaves it out. Its fragment sets integrations.gitea and the
# templates' repository defaults.
if [ "${PAASPORT_GITEA:-on}" != off ]; then
  if bash packages/devcluster/bin/devcluster gitea up; then
    eval "$(bash packages/devcluster/bin/devcluster gitea env)"
    configs+=(--config "$PAASPORT_GITEA_CONFIG")
  else
    echo "paasport: the local Gitea did not start (see above); templates cannot publish repositories" >&2
  fi
fi

# The shared middleware broker (packages/service-broker) behind the marketplace's
# `marketplace.brokers.shared` (app-config.yaml): MySQL databases and Redis key prefixes
# on the local MariaDB (:3306) and Redis (:6379). Its credentials are generated once into
# .paasport-data/broker/env (not committed); PAASPORT_BROKER=off leaves it out,
# PAASPORT_BROKER_PORT and PAASPORT_BROKER_DIR move it.
broker_pid=
broker_dir=$(realpath -m "${PAASPORT_BROKER_DIR:-.paasport-data/broker}")
stop_broker() {
  if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; fi
}
broker_answers() {
  curl -fsS -o /dev/null -u "$PAASPORT_BROKER_USERNAME:$PAASPORT_BROKER_PASSWORD" \
    -H 'X-Broker-API-Version: 2.17' "$PAASPORT_BROKER_URL/v2/catalog" 2>/dev/null
}
start_broker() {
  local dir=$broker_dir port=${PAASPORT_BROKER_PORT:-7080}
  mkdir -p "$dir" && chmod 700 "$dir"
  if [ ! -s "$dir/env" ]; then
    (umask 077 && node -e '
      const r = n => require("crypto").randomBytes(n);
      console.log(`BROKER_USERNAME=paasport
BROKER_PASSWORD=${r(24).toString("base64url")}
BROKER_ENCRYPTION_KEY=${r(32).toString("base64")}`);' >"$dir/env")
  fi
  # shellcheck disable=SC1091
  . "$dir/env"
  export PAASPORT_BROKER_URL="http://127.0.0.1:$port"
  export PAASPORT_BROKER_USERNAME=$BROKER_USERNAME PAASPORT_BROKER_PASSWORD=$BROKER_PASSWORD
  if broker_answers; then
    echo "paasport: the shared broker already runs on $PAASPORT_BROKER_URL" >&2
    return
  fi
  for service in 3306:MariaDB 6379:Redis; do
    (exec 3<>"/dev/tcp/127.0.0.1/${service%%:*}") 2>/dev/null ||
      echo "paasport: ${service#*:} is not running on :${service%%:*}; the broker cannot provision it" >&2
  done
  echo "paasport: starting the shared middleware broker on $PAASPORT_BROKER_URL (log: $dir/broker.log)" >&2
  # The package's start script, without yarn in between: $broker_pid is the broker itself.
  (cd packages/service-broker && set -a && . "$dir/env" &&
    BROKER_PORT=$port BROKER_DATABASE_URL="sqlite:$dir/broker.sqlite" &&
    exec node --require @backstage/cli/config/nodeTransform.cjs src/main.ts) >>"$dir/broker.log" 2>&1 &
  broker_pid=$!
}
wait_for_broker() {
  [ -n "$broker_pid" ] || return 0
  local deadline=$((SECONDS + 60))
  until broker_answers; do
    if ! kill -0 "$broker_pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
      echo "paasport: the shared broker did not start (see $broker_dir/broker.log); MySQL and Redis stay unavailable" >&2
      return 0
    fi
    sleep 1
  done
  echo "paasport: the shared broker is ready" >&2
}
if [ "${PAASPORT_BROKER:-on}" != off ]; then
  start_broker
fi

mkdir -p .paasport-data/sqlite
wait_for_broker
echo "paasport: starting the portal on http://localhost:3000 (backend http://localhost:7007)" >&2
# Not exec: the broker stops with the portal.
trap stop_broker EXIT
trap 'exit 130' INT TERM
yarn start "${configs[@]}"
