# shellcheck shell=bash
# `verify [cluster]`: proves the environment does what the portal relies on,
# against the running cluster, and prints the timings. Works in a scratch
# namespace that it deletes again; the seeded demo data is not touched.

VERIFY_NS=devcluster-verify
_pass=0
_fail=0

check() {
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then
    _pass=$((_pass + 1)); echo "  PASS  $what"
  else
    _fail=$((_fail + 1)); echo "  FAIL  $what"
  fi
}
# expect_fail WHAT PATTERN CMD...: CMD must fail and its output match PATTERN
expect_fail() {
  local what=$1 pattern=$2 out; shift 2
  if out=$("$@" 2>&1); then
    _fail=$((_fail + 1)); echo "  FAIL  $what (was accepted)"
  elif grep -qiE "$pattern" <<<"$out"; then
    _pass=$((_pass + 1)); echo "  PASS  $what -> $(grep -ioE "$pattern.{0,70}" <<<"$out" | head -n1)"
  else
    _fail=$((_fail + 1)); echo "  FAIL  $what (unexpected error: $(head -c 200 <<<"$out"))"
  fi
}

# portal_api CLUSTER METHOD PATH BODY [curl args: -H "Impersonate-User: ..."]
# One API call with the portal's token; prints "<HTTP status> <message>".
# Not kubectl: with --as, kubectl sends its discovery requests (/api, /apis)
# impersonated too, and the portal may not impersonate anyone for discovery
# (only for what paasport-team covers), so it works only from a warm cache.
portal_api() {
  local c=$1 method=$2 path=$3 body=$4 type=application/json out code; shift 4
  local data=()
  [[ $method == PATCH ]] && type=application/merge-patch+json
  [[ -n $body ]] && data=(--data "$body")
  out=$(mktemp)
  code=$(curl -sS --max-time 15 -o "$out" -w '%{http_code}' -X "$method" \
    --cacert "$(pki_dir "$c")/ca.crt" \
    -H @<(printf 'Authorization: Bearer %s\n' "$(cat "$(cluster_dir "$c")/portal.token")") \
    -H 'Accept: application/json' -H "Content-Type: $type" "${data[@]}" "$@" \
    "https://127.0.0.1:$(port "$c" $OFF_APISERVER)$path") || code=000
  # Only a refusal's Status has the message (a Deployment's conditions have some too).
  [[ $code == 2* ]] && : >"$out"
  echo "$code $(sed -n 's/.*"message": *"\(\([^"\\]\|\\.\)*\)".*/\1/p' "$out" | sed 's/\\"/"/g' | head -c 400)"
  rm -f "$out"
}
# expect_api WHAT STATUS PATTERN CLUSTER METHOD PATH BODY [curl args]:
# portal_api must answer STATUS with a message matching PATTERN.
expect_api() {
  local what=$1 want=$2 pattern=$3 got; shift 3
  got=$(portal_api "$@")
  if [[ ${got%% *} == "$want" ]] && grep -qiE -- "$pattern" <<<"${got#* }"; then
    _pass=$((_pass + 1)); echo "  PASS  $what -> ${got%% *} $(grep -ioE -- "$pattern.{0,70}" <<<"${got#* }" | head -n1)"
  else
    _fail=$((_fail + 1)); echo "  FAIL  $what (got: $(head -c 200 <<<"$got"))"
  fi
}

verify_app() {
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: verify-app
  namespace: $VERIFY_NS
  labels: {app.kubernetes.io/name: verify-app}
  annotations: {kubernetes.io/change-cause: "verify $1"}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: verify-app}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: verify-app}
    spec:
      containers:
      - {name: app, image: "registry.paasport.dev/verify/app:$1"}
EOF
}

running_with_image() { # CLUSTER IMAGE-SUFFIX -> at least one Running pod with it
  kc "$1" -n $VERIFY_NS get pods -o jsonpath='{range .items[*]}{.status.phase} {.spec.containers[0].image}{"\n"}{end}' |
    grep -q "^Running .*:$2\$"
}

# A terminal into a team's pod (lib/kwok.sh): a local process, not root, with
# nothing of the host's environment; as a person through the portal (kubectl
# sends discovery impersonated too, so a private cache is warmed first as the
# portal itself) in the team's namespace only.
verify_person_exec() {
  local c=$1 pod=$2 cache out
  local as=(--as paasport:user:default/guest --as-group paasport:group:default/storefront)
  cache=$(mktemp -d)
  out=$(kc "$c" -n storefront exec "$pod" -- sh -c 'id -u; echo "$HOME"; env' 2>&1 || true)
  check "exec runs a local process, not as root (uid $(head -n1 <<<"$out"))" \
    test -n "$(head -n1 <<<"$out" | grep -xE '[1-9][0-9]*')"
  check "exec: HOME is the cluster's scratch directory, no KUBECONFIG" \
    test "$(sed -n 2p <<<"$out")" = "$(exec_dir "$c")" -a -z "$(grep -E '^KUBECONFIG=' <<<"$out")"
  kc "$c-portal" --cache-dir "$cache" -n storefront get pods >/dev/null 2>&1 || true
  check "as a storefront person: exec in storefront" \
    test "$(kc "$c-portal" --cache-dir "$cache" "${as[@]}" -n storefront exec "$pod" -- echo hello 2>&1)" = hello
  local other
  other=$(kc "$c" -n payments get pods -o jsonpath='{.items[0].metadata.name}')
  expect_fail "as a storefront person: exec in payments forbidden" 'paasport:user:default/guest.{0,3} cannot (get|create) resource "pods' \
    kc "$c-portal" --cache-dir "$cache" "${as[@]}" -n payments exec "$other" -- echo hello
  check "audit log records the person's exec" \
    grep -qE '"impersonatedUser":\{"username":"paasport:user:default/guest".*"subresource":"exec"' "$(audit_log_file "$c")"
  rm -rf "$cache"
}

# verify_job CLUSTER NAME ANNOTATIONS-JSON: a run-once Job whose pod ends as
# the annotations say (kwok/stages.yaml); prints its pods' exit codes.
verify_job() {
  kc "$1" -n $VERIFY_NS apply -f - >/dev/null <<EOF
{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"$2"},"spec":{"backoffLimit":0,
 "template":{"metadata":{"annotations":$3},"spec":{"restartPolicy":"Never",
 "containers":[{"name":"task","image":"registry.paasport.dev/verify/task:1"}]}}}}
EOF
  local i
  for ((i = 0; i < 120; i++)); do
    kc "$1" -n $VERIFY_NS get job "$2" -o jsonpath='{.status.conditions[?(@.status=="True")].type}' |
      grep -qwE 'Complete|Failed' && return 0
    sleep 0.5
  done
}

verify_jobs() {
  local c=$1 t
  t=$(now)
  verify_job "$c" verify-ok '{}'
  verify_job "$c" verify-fail '{"devcluster.paasport.io/exit-code":"3"}'
  check "Job without annotations completes ($(elapsed "$t")s for both Jobs)" \
    test "$(kc "$c" -n $VERIFY_NS get job verify-ok -o jsonpath='{.status.succeeded}')" = 1
  check "Job with exit-code 3 and backoffLimit 0 fails after one pod (BackoffLimitExceeded)" \
    test "$(kc "$c" -n $VERIFY_NS get job verify-fail -o jsonpath='{.status.failed} {.status.conditions[?(@.type=="Failed")].reason}')" = "1 BackoffLimitExceeded"
  check "its pod terminated with exit code 3" \
    test "$(kc "$c" -n $VERIFY_NS get pods -l job-name=verify-fail -o jsonpath='{.items[*].status.containerStatuses[0].state.terminated.exitCode}')" = 3
  sleep 1.5 # the exporter writes the log's last line within a second
  check "its log ends with the exit code" \
    grep -q 'exiting with code 3' <<<"$(kc "$c" -n $VERIFY_NS logs job/verify-fail 2>&1)"
}

cmd_verify() {
  local c=${1:-$(echo "$CLUSTERS" | awk '{print $1}')} t t_first t_done out lines
  echo "verifying cluster $c"
  check "apiserver /readyz" readyz "$c"
  check "all nodes Ready" nodes_ready "$c"

  kc "$c" delete ns $VERIFY_NS --ignore-not-found --wait=true >/dev/null
  kc "$c" create ns $VERIFY_NS >/dev/null
  verify_app 1.0.0 | kc "$c" apply -f - >/dev/null
  check "v1 rollout completes" kc "$c" -n $VERIFY_NS rollout status deploy/verify-app --timeout 60s

  # Image change -> new ReplicaSet -> pods Running (what a deploy from the portal does).
  t=$(now); t_first=""
  verify_app 2.0.0 | kc "$c" apply -f - >/dev/null
  while [[ -z $t_first ]] && [[ $(elapsed "$t" | cut -d. -f1) -lt 60 ]]; do
    running_with_image "$c" 2.0.0 && t_first=$(elapsed "$t")
    sleep 0.1
  done
  kc "$c" -n $VERIFY_NS rollout status deploy/verify-app --timeout 60s >/dev/null
  t_done=$(elapsed "$t")
  check "v2 creates a second ReplicaSet" test "$(kc "$c" -n $VERIFY_NS get rs --no-headers | wc -l)" -eq 2
  check "v2 pods Running" running_with_image "$c" 2.0.0
  echo "        image change -> first new pod Running: ${t_first:-n/a}s, rollout complete: ${t_done}s"

  kc "$c" -n $VERIFY_NS rollout undo deploy/verify-app >/dev/null 2>&1
  kc "$c" -n $VERIFY_NS rollout status deploy/verify-app --timeout 60s >/dev/null
  check "rollout undo returns to 1.0.0" test "$(kc "$c" -n $VERIFY_NS get deploy verify-app -o jsonpath='{.spec.template.spec.containers[0].image}')" = registry.paasport.dev/verify/app:1.0.0
  check "history after undo is 2,3" test "$(kc "$c" -n $VERIFY_NS get rs -o jsonpath='{.items[*].metadata.annotations.deployment\.kubernetes\.io/revision}' | tr ' ' '\n' | sort -n | paste -sd,)" = 2,3

  # Logs through apiserver -> kwok's kubelet endpoint.
  check "kubectl logs returns lines" test "$(kc "$c" -n storefront logs deploy/shop-api --tail 5 2>/dev/null | wc -l)" -eq 5
  lines=$(timeout 6 "$KUBE_BIN/kubectl" --kubeconfig "$STATE/kubeconfig" --context "$c" -n storefront logs -f --tail 0 deploy/shop-web 2>/dev/null | wc -l || true)
  check "kubectl logs -f streams new lines ($lines in 6 s)" test "$lines" -ge 2
  # Each pod has its own log (a kwok Logs object per pod, see kwok.sh).
  local api_pods shared
  api_pods=$(kc "$c" -n storefront get pods -l app.kubernetes.io/name=shop-api -o name | head -2)
  # shellcheck disable=SC2086 # two pod names
  shared=$(for p in $api_pods; do kc "$c" -n storefront logs "$p" --tail 50 2>/dev/null | sort -u; done | sort | uniq -d | wc -l)
  check "two shop-api pods have lines of their own ($shared shared of 50)" test "$(echo "$api_pods" | wc -l)" -eq 2 -a "$shared" -eq 0

  # CRD validation: what the apiserver must refuse.
  expect_fail "Kafka with replicas: \"three\" rejected" 'replicas.{0,40}(Invalid|must be of type integer)' \
    kc "$c" -n $VERIFY_NS apply --dry-run=server -f - <<<'{"apiVersion":"kafka.strimzi.io/v1beta2","kind":"Kafka","metadata":{"name":"bad"},"spec":{"kafka":{"replicas":"three","listeners":[{"name":"plain","port":9092,"type":"internal","tls":false}]}}}'
  expect_fail "Kafka without spec.kafka rejected" 'spec.kafka.{0,20}Required' \
    kc "$c" -n $VERIFY_NS apply --dry-run=server -f - <<<'{"apiVersion":"kafka.strimzi.io/v1","kind":"Kafka","metadata":{"name":"bad"},"spec":{"entityOperator":{}}}'
  expect_fail "KafkaUser with authentication.type plain rejected" 'Unsupported value' \
    kc "$c" -n $VERIFY_NS apply --dry-run=server -f - <<<'{"apiVersion":"kafka.strimzi.io/v1beta2","kind":"KafkaUser","metadata":{"name":"bad"},"spec":{"authentication":{"type":"plain"}}}'
  expect_fail "MySQLCluster with 2 replicas rejected" 'odd number' \
    kc "$c" -n $VERIFY_NS apply --dry-run=server -f - <<<'{"apiVersion":"moco.cybozu.com/v1beta2","kind":"MySQLCluster","metadata":{"name":"bad"},"spec":{"replicas":2,"podTemplate":{"spec":{"containers":[{"name":"mysqld","image":"mysql:8.4"}]}},"volumeClaimTemplates":[{"metadata":{"name":"mysql-data"},"spec":{}}]}}'
  check "valid Kafka accepted" kc "$c" -n $VERIFY_NS apply --dry-run=server -f - <<<'{"apiVersion":"kafka.strimzi.io/v1beta2","kind":"Kafka","metadata":{"name":"events"},"spec":{"kafka":{"version":"3.9.0","listeners":[{"name":"plain","port":9092,"type":"internal","tls":false},{"name":"tls","port":9093,"type":"internal","tls":true,"authentication":{"type":"scram-sha-512"}}]},"entityOperator":{"topicOperator":{},"userOperator":{}}}}'

  # The three identities (README "Three identities"). The portal's own token
  # only reads: every write is refused, in a team namespace or elsewhere.
  local note='{"metadata":{"annotations":{"paasport.io/verify":"1"}}}' pod
  pod=$(kc "$c" -n storefront get pods -o jsonpath='{.items[0].metadata.name}')
  expect_fail "portal token: get nodes is forbidden" 'forbidden' kc "$c-portal" get nodes
  expect_fail "portal token: list clusterroles is forbidden" 'forbidden' kc "$c-portal" get clusterroles
  check "portal token: list pods in all namespaces" kc "$c-portal" get pods -A
  expect_fail "portal token: read Secrets is forbidden" 'cannot list resource "secrets"' \
    kc "$c-portal" -n storefront get secrets
  expect_fail "portal token: read pod logs is forbidden (people read their own)" 'cannot get resource "pods/log"' \
    kc "$c-portal" -n storefront logs "$pod" --tail 1
  expect_fail "portal token: patch a Deployment in a team namespace is forbidden" 'cannot patch resource "deployments"' \
    kc "$c-portal" -n storefront patch deploy shop-web --dry-run=server -p "$note"
  expect_fail "portal token: create a ConfigMap in a team namespace is forbidden" 'cannot create resource "configmaps"' \
    kc "$c-portal" -n storefront create configmap x --dry-run=server
  expect_fail "portal token: create a Namespace is forbidden" 'cannot create resource "namespaces"' \
    kc "$c-portal" create namespace verify-x --dry-run=server

  # The portal acting as the platform (deploy/clusters/platform-rbac.yaml): only the
  # platform's objects, only in labelled team namespaces, only that account.
  local platform=(-H 'Impersonate-User: system:serviceaccount:paasport-system:paasport-platform')
  local team_rb='{"metadata":{"name":"verify-x"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"paasport-team"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"paasport:group:default/storefront"}]}'
  local quota='{"metadata":{"name":"verify-x"},"spec":{"hard":{"pods":"1"}}}'
  expect_api "as the platform: create a ResourceQuota in storefront" 201 '' \
    "$c" POST '/api/v1/namespaces/storefront/resourcequotas?dryRun=All' "$quota" "${platform[@]}"
  expect_api "as the platform: bind paasport-team to the team in storefront" 201 '' \
    "$c" POST '/apis/rbac.authorization.k8s.io/v1/namespaces/storefront/rolebindings?dryRun=All' "$team_rb" "${platform[@]}"
  expect_api "as the platform: bind admin is forbidden" 403 'attempting to grant RBAC permissions not currently held' \
    "$c" POST '/apis/rbac.authorization.k8s.io/v1/namespaces/storefront/rolebindings?dryRun=All' "${team_rb/paasport-team/admin}" "${platform[@]}"
  expect_api "as the platform: bind paasport-team to a foreign group denied by admission" 403 'paasport-platform-guardrails' \
    "$c" POST '/apis/rbac.authorization.k8s.io/v1/namespaces/storefront/rolebindings?dryRun=All' "${team_rb/paasport:group:default\/storefront/system:authenticated}" "${platform[@]}"
  expect_api "as the platform: create a ConfigMap not impersonated" 403 'cannot impersonate-on:serviceaccount:create resource .{0,2}configmaps' \
    "$c" POST '/api/v1/namespaces/storefront/configmaps?dryRun=All' '{"metadata":{"name":"verify-x"}}' "${platform[@]}"
  expect_api "as the platform: write in kube-system denied" 403 'paasport-platform may not change anything in namespace kube-system' \
    "$c" POST '/api/v1/namespaces/kube-system/resourcequotas?dryRun=All' "$quota" "${platform[@]}"
  expect_api "as the platform: namespace without team label denied" 403 'only manages namespaces labelled' \
    "$c" POST '/api/v1/namespaces?dryRun=All' '{"metadata":{"name":"verify-unlabelled"}}' "${platform[@]}"
  expect_api "as another ServiceAccount: not impersonated" 403 'cannot impersonate:serviceaccount resource .{0,2}serviceaccounts' \
    "$c" POST '/api/v1/namespaces/storefront/resourcequotas?dryRun=All' "$quota" -H 'Impersonate-User: system:serviceaccount:kube-system:default'
  expect_api "as a ServiceAccount, on what the platform may not do: not impersonated" 403 'cannot impersonate-on:serviceaccount' \
    "$c" GET /api/v1/namespaces/kube-system/pods '' -H 'Impersonate-User: system:serviceaccount:kube-system:default'

  # The portal acting as a person (deploy/clusters/person-rbac.yaml) through constrained
  # impersonation (deploy/clusters/portal-rbac.yaml, paasport-portal-impersonation bound
  # per team namespace): the team's RBAC decides, the portal may act only on
  # what paasport-team covers and only in team namespaces, never as
  # system:masters, and admission keeps a person to paasport: groups.
  local guest=(-H 'Impersonate-User: paasport:user:default/guest' -H 'Impersonate-Group: paasport:group:default/storefront')
  local admin=(-H 'Impersonate-User: paasport:user:default/ada' -H 'Impersonate-Group: paasport:group:default/admins')
  local mallory=(-H 'Impersonate-User: mallory' -H 'Impersonate-Group: system:masters')
  expect_api "as a storefront person: patch in storefront" 200 '' \
    "$c" PATCH /apis/apps/v1/namespaces/storefront/deployments/shop-web?dryRun=All "$note" "${guest[@]}"
  expect_api "as a storefront person: read pod logs" 200 '' \
    "$c" GET "/api/v1/namespaces/storefront/pods/$pod/log?tailLines=1" '' "${guest[@]}"
  expect_api "as a storefront person: patch in payments forbidden" 403 'paasport:user:default/guest.{0,3} cannot' \
    "$c" PATCH /apis/apps/v1/namespaces/payments/deployments/payments-api?dryRun=All "$note" "${guest[@]}"
  expect_api "as an admin: nothing in kube-system (not a team namespace)" 403 'cannot impersonate-on:user-info:list resource .{0,2}secrets.{0,40}kube-system' \
    "$c" GET /api/v1/namespaces/kube-system/secrets '' "${admin[@]}"
  expect_api "as a person: list nodes not impersonated" 403 'cannot impersonate-on:user-info:list resource .{0,2}nodes' \
    "$c" GET /api/v1/nodes '' "${guest[@]}"
  expect_api "as a person: create a ClusterRole not impersonated" 403 'cannot impersonate-on:user-info:create resource .{0,2}clusterroles' \
    "$c" POST '/apis/rbac.authorization.k8s.io/v1/clusterroles?dryRun=All' '{"metadata":{"name":"verify-x"},"rules":[]}' "${guest[@]}"
  expect_api "as a person: pods/attach not impersonated" 403 'cannot impersonate-on:user-info:create resource .{0,2}pods/attach' \
    "$c" POST "/api/v1/namespaces/storefront/pods/$pod/attach?stdout=true" '' "${guest[@]}"
  verify_person_exec "$c" "$pod"
  expect_api "as mallory + system:masters: list Secrets in payments refused" 403 'system:masters group is not allowed' \
    "$c" GET /api/v1/namespaces/payments/secrets '' "${mallory[@]}"
  expect_api "as mallory + system:masters: write in payments refused" 403 'system:masters group is not allowed' \
    "$c" POST '/api/v1/namespaces/payments/configmaps?dryRun=All' '{"metadata":{"name":"verify-x"}}' "${mallory[@]}"
  expect_api "as a person with a foreign group: write denied by admission" 403 'paasport-person-guardrails' \
    "$c" PATCH /apis/apps/v1/namespaces/storefront/deployments/shop-web?dryRun=All "$note" "${guest[@]}" -H 'Impersonate-Group: kubeadm:cluster-admins'
  expect_fail "portal has no legacy impersonate right" '^no' \
    kc "$c" auth can-i impersonate users --as system:serviceaccount:paasport-system:paasport-portal
  check "audit log records the person's patch, by constrained impersonation" \
    grep -qE '"impersonatedUser":\{"username":"paasport:user:default/guest".*"impersonationConstraint":"impersonate:user-info"' "$(audit_log_file "$c")"
  check "audit log records the platform's write, by constrained impersonation" \
    grep -qE '"impersonatedUser":\{"username":"system:serviceaccount:paasport-system:paasport-platform".*"impersonationConstraint":"impersonate:serviceaccount"' "$(audit_log_file "$c")"

  verify_jobs "$c"

  # Metrics: one series per running demo pod.
  local pods series
  pods=$(kc "$c" get pods -A -l 'paasport.io/team in (storefront,payments)' --field-selector status.phase=Running --no-headers | wc -l)
  series=$(curl -fsS "http://127.0.0.1:$(port "$c" $OFF_PROMETHEUS)/api/v1/query" \
    --data-urlencode 'query=count(container_memory_working_set_bytes{namespace=~"storefront|payments"})' |
    sed -n 's/.*"value":\[[^,]*,"\([0-9]*\)"\].*/\1/p')
  check "PromQL: a memory series for each of the $pods demo pods (got ${series:-0})" test "${series:-0}" -ge "$pods"

  kc "$c" delete ns $VERIFY_NS --timeout 60s >/dev/null || true
  echo "$_pass passed, $_fail failed"
  ((_fail == 0))
}
