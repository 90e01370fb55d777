# Every check of the repository, in the order a failure is cheapest to find:
# type check, lint, unit tests, integration tests on the local clusters, browser
# tests. Run through ./paasport test. Ends with one line "N passed, N failed".
set -uo pipefail

reports=.paasport-data/test-reports
rm -rf "$reports" && mkdir -p "$reports"
failed_steps=()

step() {
  local name=$1
  shift
  echo "=== paasport test: $name" >&2
  local started=$SECONDS
  if "$@"; then
    echo "=== paasport test: $name passed in $((SECONDS - started)) s" >&2
  else
    echo "=== paasport test: $name FAILED after $((SECONDS - started)) s" >&2
    failed_steps+=("$name")
  fi
}

portal_pid=
stop_portal() {
  if [ -n "$portal_pid" ]; then
    kill -- -"$portal_pid" 2>/dev/null
    # The next step may want the same ports: wait until the whole group is gone.
    for _ in $(seq 1 60); do
      kill -0 -- -"$portal_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 -- -"$portal_pid" 2>/dev/null
  fi
  portal_pid=
}
trap stop_portal EXIT

readiness() { echo "$1/.backstage/health/v1/readiness"; }

# Waits for the portal started as $portal_pid (its log: $1) to answer on every
# URL after it; shows the log's end if it does not.
wait_for_portal() {
  local log=$1 deadline=$((SECONDS + 900)) url
  shift
  for url in "$@"; do
    until curl -fsS -o /dev/null "$url" 2>/dev/null; do
      if [ $SECONDS -gt $deadline ] || ! kill -0 "$portal_pid" 2>/dev/null; then
        echo "paasport: the portal did not come up on $url; last lines of its log:" >&2
        tail -40 "$log" >&2
        return 1
      fi
      sleep 3
    done
  done
}

# The browser suite runs on the portal as production runs it: the built bundle,
# two backend replicas on PostgreSQL behind nginx (scripts/serve-production.sh).
# Its databases start empty on every run.
browser_tests() {
  local prefix=paasport_e2e_
  node scripts/drop-databases.js "$prefix" || return 1
  PAASPORT_SERVE=production PAASPORT_REPLICAS=2 PAASPORT_DATABASE_PREFIX=$prefix \
    PAASPORT_EXTRA_CONFIGS=packages/app/e2e-tests/app-config.e2e.yaml \
    setsid bash scripts/start.sh >"$reports/portal.log" 2>&1 &
  portal_pid=$!
  wait_for_portal "$reports/portal.log" "$(readiness http://localhost:7101)" \
    "$(readiness http://localhost:7102)" "$(readiness http://localhost:7100)" || return 1
  PAASPORT_PORTAL_RUNNING=1 PLAYWRIGHT_URL=http://localhost:7100 \
    PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" \
    yarn playwright test --reporter=list,json
}

# ./paasport start still starts: the development servers answer.
development_portal() {
  setsid bash scripts/start.sh >"$reports/portal-development.log" 2>&1 &
  portal_pid=$!
  wait_for_portal "$reports/portal-development.log" http://localhost:3000 \
    "$(readiness http://localhost:7007)"
}

step "type check" yarn tsc
step "lint" yarn backstage-cli repo lint
# Integration tests are the *.integration.test.ts files: they use the running PostgreSQL,
# MariaDB and Redis and the local clusters, so they run after the unit tests, one at a time.
integration='\.integration\.test\.'
step "unit tests" env CI=true yarn backstage-cli repo test \
  --testPathIgnorePatterns "$integration" --json --outputFile="$PWD/$reports/unit.json"
step "local clusters" bash packages/devcluster/bin/devcluster up
step "gitea" bash packages/devcluster/bin/devcluster gitea up
step "integration tests" env CI=true yarn backstage-cli repo test \
  --testPathPatterns "$integration" --runInBand --json --outputFile="$PWD/$reports/integration.json"
step "production build" bash scripts/production.sh build
step "production stage" bash scripts/production.sh stage
step "browser tests" browser_tests
stop_portal
step "development portal" development_portal
stop_portal

node scripts/test-summary.js "$reports"
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "paasport test: failed steps: ${failed_steps[*]}" >&2
  exit 1
fi
