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
  [ -n "$portal_pid" ] && kill -- -"$portal_pid" 2>/dev/null
  portal_pid=
}
trap stop_portal EXIT

browser_tests() {
  if ! curl -fsS -o /dev/null http://localhost:7007/.backstage/health/v1/readiness 2>/dev/null; then
    setsid bash scripts/start.sh >"$reports/portal.log" 2>&1 &
    portal_pid=$!
  fi
  local deadline=$((SECONDS + 900))
  until curl -fsS -o /dev/null http://localhost:3000 2>/dev/null &&
    curl -fsS -o /dev/null http://localhost:7007/.backstage/health/v1/readiness 2>/dev/null; do
    if [ $SECONDS -gt $deadline ] || { [ -n "$portal_pid" ] && ! kill -0 "$portal_pid" 2>/dev/null; }; then
      echo "paasport: the portal did not come up; last lines of its log:" >&2
      tail -40 "$reports/portal.log" >&2
      return 1
    fi
    sleep 3
  done
  PAASPORT_PORTAL_RUNNING=1 PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" \
    yarn playwright test --reporter=list,json
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
step "browser tests" browser_tests
stop_portal

node scripts/test-summary.js "$reports"
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "paasport test: failed steps: ${failed_steps[*]}" >&2
  exit 1
fi
