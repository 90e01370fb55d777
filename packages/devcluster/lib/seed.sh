# shellcheck shell=bash
# Demo content: team namespaces, the three identities (the portal's, the
# platform's, what people may do when the portal acts for them), and
# applications with a real rollout history (one ReplicaSet per release, made
# by the Deployment controller).
#
# History is written once: a workload that already exists is left alone, so
# `up` never adds revisions and never undoes a rollback someone did by hand.
# Seeding rolls every release out within seconds; devcluster-backdate then
# moves each release to its place in a history of several days (below), once.

SEED="$DEVCLUSTER_HOME/seed"
# The portal's identities on a cluster, the same manifests a company applies
# (deploy/clusters: the portal, the platform, people).
CLUSTER_RBAC="$(cd "$DEVCLUSTER_HOME/../.." && pwd)/deploy/clusters"

# The portal acts for people and for the platform through constrained
# impersonation (KEP-5284; deploy/clusters/portal-rbac.yaml has no legacy `impersonate`
# right). The apiserver reports its feature gates as metrics; without this one
# every write the portal makes is refused.
constrained_impersonation_enabled() {
  local metrics # not piped: grep -q would end kubectl early, and pipefail is on
  metrics=$(kc "$1" get --raw /metrics 2>/dev/null) || return 1
  grep -q '^kubernetes_feature_enabled{name="ConstrainedImpersonation",[^}]*} 1$' <<<"$metrics"
}

# Objects earlier versions of the seed made that no longer exist in it: the
# portal's own write guardrail (now the platform's, deploy/clusters/platform-rbac.yaml),
# its cluster-wide person impersonation (now per team namespace) and its
# per-namespace Secret reads (people read their team's Secrets themselves).
# Deleted so that `up` on an old state ends where a fresh one does.
drop_retired_rbac() {
  local c=$1 ns
  kc "$c" delete --ignore-not-found \
    validatingadmissionpolicybinding/paasport-portal-guardrails \
    validatingadmissionpolicy/paasport-portal-guardrails \
    clusterrolebinding/paasport-portal-impersonation \
    clusterrole/paasport-portal-credentials >/dev/null
  for ns in storefront payments; do
    kc "$c" -n "$ns" delete --ignore-not-found rolebinding/paasport-portal-credentials >/dev/null
  done
}

# team_bindings NAMESPACE TEAM: what the platform gives every team namespace
# (on a real cluster Paasport's namespace action makes them as the platform's
# account; src/testing.ts createTeamNamespace does the same for tests).
team_bindings() {
  cat <<EOF
# The team's people, when the portal acts for them (deploy/clusters/person-rbac.yaml).
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: paasport-team
  namespace: $1
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: paasport-team}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "paasport:group:default/$2"}
---
# The portal may act for people here, and only in namespaces that have this
# (deploy/clusters/portal-rbac.yaml, ClusterRole paasport-portal-impersonation).
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: paasport-portal-impersonation
  namespace: $1
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: paasport-portal-impersonation}
subjects:
- {kind: ServiceAccount, name: paasport-portal, namespace: paasport-system}
EOF
}

seed_base() {
  local c=$1 ns
  constrained_impersonation_enabled "$c" ||
    log "WARNING $c: the apiserver has no ConstrainedImpersonation (Kubernetes 1.36+, or 1.35 with the feature gate): the portal can act neither as a person nor as the platform there; see README \"Acting as the person\""
  kc "$c" apply --server-side --field-manager devcluster -f "$SEED/namespaces.yaml" >/dev/null
  kc "$c" apply --server-side --field-manager devcluster -f "$SEED/exporter-rbac.yaml" >/dev/null
  kc "$c" apply --server-side --field-manager devcluster -k "$CLUSTER_RBAC" >/dev/null
  drop_retired_rbac "$c"
  # The demo team namespaces are named after their team (namespaces.yaml,
  # label paasport.io/team), so the team's group follows from the name.
  for ns in storefront payments; do
    kc "$c" apply --server-side --field-manager devcluster -n "$ns" -f "$SEED/team-limits.yaml" >/dev/null
    team_bindings "$ns" "$ns" | kc "$c" apply --server-side --field-manager devcluster -f - >/dev/null
  done
}

# render_workload CLUSTER APP COMPONENT TEAM KIND VERSION
# The "bad release" (apps.tsv, column bad) needs nothing in the template: the
# exporter makes it bad by its image (exporter/releases.go names the image as
# this function does and holds the numbers). A template annotation would stay
# on a canary that only changes the image, and would make the fix look bad.
render_workload() {
  local c=$1 app=$2 comp=$3 team=$4 kind=$5 version=$6
  local replicas=2 port=8080 svc=${comp#"$app"-} image
  [[ $c == prod ]] && replicas=3
  if [[ $kind == db ]]; then replicas=1; port=3306; fi
  image="registry.paasport.dev/$app/$svc:$version"
  local labels="app.kubernetes.io/name: $comp
    app.kubernetes.io/part-of: $app
    app.kubernetes.io/version: \"$version\"
    backstage.io/kubernetes-id: $comp
    paasport.io/team: $team"
  local common
  common="metadata:
  name: $comp
  namespace: $team
  labels:
    $labels
  annotations:
    kubernetes.io/change-cause: \"deploy $comp $version\"
spec:
  replicas: $replicas
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app.kubernetes.io/name: $comp
  template:
    metadata:
      labels:
        ${labels//$'\n'/$'\n'    }
      annotations:
        devcluster.paasport.io/profile: $kind
    spec:
      containers:
      - name: $comp
        image: $image
        ports:
        - {name: http, containerPort: $port}
        env:
        - {name: APP_VERSION, value: \"$version\"}
        - {name: CLUSTER, value: $c}
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 500m, memory: 512Mi}
        readinessProbe:
          httpGet: {path: /healthz, port: http}"
  if [[ $kind == db ]]; then
    printf 'apiVersion: apps/v1\nkind: StatefulSet\n%s\n' "${common/spec:
  replicas/spec:
  serviceName: $comp
  replicas}"
  else
    printf 'apiVersion: apps/v1\nkind: Deployment\n%s\n' "$common"
  fi
  cat <<EOF
---
apiVersion: v1
kind: Service
metadata:
  name: $comp
  namespace: $team
  labels:
    $labels
spec:
  $([[ $kind == db ]] && echo "clusterIP: None")
  selector:
    app.kubernetes.io/name: $comp
  ports:
  - {name: http, port: $([[ $kind == db ]] && echo 3306 || echo 80), targetPort: http}
EOF
}

# seed_workloads CLUSTER: the demo workloads with their release history.
seed_workloads() {
  roll_out_history "$1"
  backdate_history "$1"
}

# roll_out_history CLUSTER: rolls every component through its history, all
# components of one "wave" at once, waiting for each rollout to finish so every
# release becomes a complete ReplicaSet revision.
roll_out_history() {
  local c=$1 app comp team kind history prod bad wave v kindres
  local -a rows=() pending versions
  while read -r app comp team kind history prod bad; do
    [[ $app == \#* || -z $app ]] && continue
    kindres=deployment
    [[ $kind == db ]] && kindres=statefulset
    if kc "$c" -n "$team" get "$kindres" "$comp" </dev/null >/dev/null 2>&1; then continue; fi
    rows+=("$app $comp $team $kind $history $prod $bad")
  done <"$SEED/apps.tsv"
  ((${#rows[@]} == 0)) && return 0
  log "$c: seeding release history for ${#rows[@]} workloads"
  for wave in 0 1 2; do
    pending=()
    for row in "${rows[@]}"; do
      read -r app comp team kind history prod bad <<<"$row"
      IFS=, read -r -a versions <<<"$history"
      v=${versions[$wave]:-}
      [[ -z $v ]] && continue
      # prod stops at its pinned release
      if [[ $c == prod ]] && ((wave > 0)) && [[ ${versions[$((wave - 1))]} == "$prod" ]]; then continue; fi
      render_workload "$c" "$app" "$comp" "$team" "$kind" "$v" |
        kc "$c" apply --server-side --field-manager devcluster-seed --force-conflicts -f - >/dev/null
      kindres=deployment
      [[ $kind == db ]] && kindres=statefulset
      pending+=("$team/$kindres/$comp")
    done
    for p in "${pending[@]}"; do
      kc "$c" -n "${p%%/*}" rollout status "${p#*/}" --timeout 180s >/dev/null ||
        die "$c: rollout of $p did not finish; see $(log_dir "$c")/kwok.log"
    done
  done
}

# When the demo's releases happened, as ages at the moment of seeding: the
# 1st, 2nd and 3rd release of every component (apps.tsv's history column).
# shop-api 1.2.0, the bad release, has been running for most of a day, after
# three days of a healthy 1.1.0.
RELEASE_AGES="144h,72h,20h"
# Clusters after the first get every release this much later (promoted from dev).
PROMOTION_DELAY=2h

# backdate_history CLUSTER: moves the seeded releases to their place in time.
# The apiserver stamps creationTimestamp itself, so devcluster-backdate
# rewrites it where the apiserver keeps it, in etcd (ReplicaSets and
# ControllerRevisions, their pods, the workloads); the watch cache follows
# etcd, so clients see the change at once. It marks what it did with the
# annotation devcluster.paasport.io/backdated and skips marked workloads, so
# this runs on every `up` and changes something only right after seeding.
backdate_history() {
  local c=$1 app comp team kind history prod bad delay=0s kindres out
  local -a args=()
  [[ $c == "${CLUSTERS%% *}" ]] || delay=$PROMOTION_DELAY
  while read -r app comp team kind history prod bad; do
    [[ $app == \#* || -z $app ]] && continue
    kindres=deployment
    [[ $kind == db ]] && kindres=statefulset
    args+=(--workload "$team/$kindres/$comp=$history")
  done <"$SEED/apps.tsv"
  out=$("$BACKDATE_BIN" --etcd "http://127.0.0.1:$(port "$c" $OFF_ETCD_CLIENT)" \
    --ages "$RELEASE_AGES" --delay "$delay" "${args[@]}" 2>&1) ||
    die "$c: backdating the demo's releases failed: $out"
  [[ -z $out ]] && return 0
  printf '%s\n' "$out" >>"$(log_dir "$c")/backdate.log"
  log "$c: spread the demo's releases over $RELEASE_AGES (+$delay) ago: $(grep -c ' -> ' <<<"$out") objects (log: $(log_dir "$c")/backdate.log)"
}
