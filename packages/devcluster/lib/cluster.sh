# shellcheck shell=bash
# Process supervision and the control plane of one cluster.
#
# Every process runs detached (setsid + nohup) so it outlives the shell that ran
# `up`; a pidfile plus the binary path in /proc/PID/cmdline identify it, so a
# recycled PID is never mistaken for (or killed as) one of ours.

run_dir() { echo "$(cluster_dir "$1")/run"; }
log_dir() { echo "$(cluster_dir "$1")/logs"; }

# proc_alive CLUSTER NAME -> 0 when the recorded process is still ours
proc_alive() {
  local pf pid bin
  pf="$(run_dir "$1")/$2.pid"
  [[ -f $pf ]] || return 1
  read -r pid bin _ <"$pf" || return 1
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -n1 | grep -qxF "$bin"
}

proc_pid() { local pid _; read -r pid _ <"$(run_dir "$1")/$2.pid"; echo "$pid"; }

# proc_start CLUSTER NAME BINARY ARGS... ; no-op when already running.
# PROC_INPUTS (optional, space-separated paths): files the process reads only at
# start (e.g. the audit policy). Their content counts as part of the flags, so
# editing what lib generates into them restarts the process too.
# PROC_ENV (optional, space-separated NAME=VALUE): the process gets exactly
# this environment instead of the caller's; it counts as part of the flags.
proc_start() {
  local c=$1 name=$2 bin=$3; shift 3
  local want envs=()
  # shellcheck disable=SC2206 # PROC_ENV is a list of words
  [[ -z ${PROC_ENV:-} ]] || envs=(env -i $PROC_ENV)
  # shellcheck disable=SC2086 # PROC_INPUTS is a list of paths
  want=$({
    printf '%s\0' "$bin" "$@"
    [[ -z ${PROC_INPUTS:-} ]] || cat $PROC_INPUTS
    [[ -z ${PROC_ENV:-} ]] || printf 'env\0%s' "$PROC_ENV"
  } | sha256sum | cut -c1-16)
  if proc_alive "$c" "$name"; then
    local _ running
    read -r _ _ running <"$(run_dir "$c")/$name.pid"
    [[ $running == "$want" ]] && return 0
    # Another binary (new version, rebuilt exporter) or changed flags: replace
    # the process so `up` always converges on what the scripts say.
    log "$c: restarting $name (binary, flags or its config files changed)"
    proc_stop "$c" "$name"
  fi
  mkdir -p "$(run_dir "$c")" "$(log_dir "$c")"
  local lf
  lf="$(log_dir "$c")/$name.log"
  # Keep the previous run's log for post-mortems, start a fresh one.
  [[ -s $lf ]] && mv -f "$lf" "$lf.prev"
  # env execs the binary in place: the pid and /proc/PID/cmdline stay "$bin"'s.
  setsid nohup "${envs[@]}" "$bin" "$@" >"$lf" 2>&1 </dev/null &
  echo "$! $bin $want" >"$(run_dir "$c")/$name.pid"
}

proc_stop() {
  local c=$1 name=$2 pid i
  if proc_alive "$c" "$name"; then
    pid=$(proc_pid "$c" "$name")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      proc_alive "$c" "$name" || break
      sleep 0.2
    done
    if proc_alive "$c" "$name"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$(run_dir "$c")/$name.pid"
}

# wait_for DESCRIPTION TIMEOUT LOGFILE CMD... : poll CMD until it succeeds; on
# timeout show the log tail, which is where the reason always is.
wait_for() {
  local what=$1 timeout=$2 lf=$3; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $what; last lines of $lf:"
      tail -n 25 "$lf" >&2 || true
      return 1
    fi
    sleep 0.3
  done
}

# kubeconfig for one identity (component or admin), certificates embedded so the
# file can be copied elsewhere.
write_kubeconfig() {
  local c=$1 user=$2 out=$3 d
  d=$(pki_dir "$c")
  cat >"$out" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $c
  cluster:
    server: https://127.0.0.1:$(port "$c" $OFF_APISERVER)
    certificate-authority-data: $(base64 -w0 <"$d/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$d/$user.crt")
    client-key-data: $(base64 -w0 <"$d/$user.key")
contexts:
- name: $c
  context: {cluster: $c, user: $user}
current-context: $c
EOF
  chmod 600 "$out"
}

readyz() {
  curl -fsS --max-time 2 --cacert "$(pki_dir "$1")/ca.crt" \
    "https://127.0.0.1:$(port "$1" $OFF_APISERVER)/readyz" | grep -qx ok
}

etcd_healthy() {
  curl -fsS --max-time 2 "http://127.0.0.1:$(port "$1" $OFF_ETCD_CLIENT)/health" | grep -q '"health":"true"'
}

start_etcd() {
  local c=$1 cd ep pp
  cd=$(cluster_dir "$c")
  ep=$(port "$c" $OFF_ETCD_CLIENT)
  pp=$(port "$c" $OFF_ETCD_PEER)
  mkdir -p "$cd/etcd"
  chmod 700 "$cd/etcd"
  proc_start "$c" etcd "$ETCD_BIN/etcd" \
    --name "$c" --data-dir "$cd/etcd" \
    --listen-client-urls "http://127.0.0.1:$ep" --advertise-client-urls "http://127.0.0.1:$ep" \
    --listen-peer-urls "http://127.0.0.1:$pp" --initial-advertise-peer-urls "http://127.0.0.1:$pp" \
    --initial-cluster "$c=http://127.0.0.1:$pp" \
    --quota-backend-bytes $((2 * 1024 * 1024 * 1024)) --log-level warn
}

# Audit: who changed what. With impersonation (deploy/clusters/person-rbac.yaml) an event
# names both the portal (user) and the person it acted for (impersonatedUser).
# Only writes and sessions in containers (exec, attach, port-forward) are
# recorded, at Metadata level (no bodies), and the control
# plane's own traffic is dropped so the file stays small. The first matching
# rule wins, and rules match the *authenticated* user (the portal), not the
# impersonated one.
audit_policy_file() { echo "$(cluster_dir "$1")/audit-policy.yaml"; }
audit_log_file() { echo "$(log_dir "$1")/audit.log"; }

write_audit_policy() {
  cat >"$(audit_policy_file "$1")" <<'EOF'
# Generated by devcluster (lib/cluster.sh) on every up.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived] # one event per request, when it completed
rules:
  # Control plane and fake kubelets (kwok runs as kwok-controller, see pki.sh);
  # the controller-manager's controllers use kube-system ServiceAccounts.
  - level: None
    users:
      - system:apiserver
      - system:kube-controller-manager
      - system:kube-scheduler
      - kwok-controller
  - level: None
    userGroups: [system:nodes, system:serviceaccounts:kube-system]
  # A session in a container is recorded whatever its verb: exec over a
  # WebSocket is a GET.
  - level: Metadata
    resources:
      - group: ''
        resources: [pods/exec, pods/attach, pods/portforward]
  - level: None
    verbs: [get, list, watch]
  # Access reviews are questions, not changes.
  - level: None
    resources:
      - group: authentication.k8s.io
      - group: authorization.k8s.io
  - level: Metadata
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
EOF
}

start_apiserver() {
  local c=$1 p policy
  p=$(pki_dir "$c")
  policy=$(audit_policy_file "$c")
  mkdir -p "$(log_dir "$c")"
  write_audit_policy "$c"
  PROC_INPUTS="$policy" proc_start "$c" kube-apiserver "$KUBE_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$(port "$c" $OFF_ETCD_CLIENT)" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 \
    --secure-port "$(port "$c" $OFF_APISERVER)" \
    --tls-cert-file "$p/apiserver.crt" --tls-private-key-file "$p/apiserver.key" \
    --client-ca-file "$p/ca.crt" \
    --service-account-issuer "https://kubernetes.default.svc.cluster.local" \
    --service-account-key-file "$p/sa.pub" --service-account-signing-key-file "$p/sa.key" \
    --service-cluster-ip-range 10.0.0.0/24 \
    --authorization-mode Node,RBAC --allow-privileged=true \
    --kubelet-client-certificate "$p/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$p/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$p/ca.crt" \
    --kubelet-preferred-address-types InternalIP \
    --endpoint-reconciler-type none \
    --requestheader-client-ca-file "$p/front-proxy-ca.crt" \
    --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User \
    --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$p/front-proxy-client.crt" \
    --proxy-client-key-file "$p/front-proxy-client.key" \
    --audit-policy-file "$policy" --audit-log-path "$(audit_log_file "$c")" \
    --audit-log-format json --audit-log-maxsize 20 --audit-log-maxbackup 2 \
    --audit-log-maxage 14 \
    --profiling=false
  # The audit log rotates at 20 MB into audit-<time>.log; two of those are kept,
  # for 14 days at most.
  # Why these: all nodes are kwok fakes at 127.0.0.1, so the apiserver must dial
  # InternalIP (node names do not resolve). Endpoints may not hold a loopback IP,
  # so the `kubernetes` Service endpoint reconciler is switched off.
}

start_controllers() {
  local c=$1 p cd
  p=$(pki_dir "$c")
  cd=$(cluster_dir "$c")
  write_kubeconfig "$c" kube-controller-manager "$cd/kube-controller-manager.kubeconfig"
  write_kubeconfig "$c" kube-scheduler "$cd/kube-scheduler.kubeconfig"
  proc_start "$c" kube-controller-manager "$KUBE_BIN/kube-controller-manager" \
    --kubeconfig "$cd/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig "$cd/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig "$cd/kube-controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$(port "$c" $OFF_KCM)" \
    --service-account-private-key-file "$p/sa.key" --root-ca-file "$p/ca.crt" \
    --use-service-account-credentials=true --leader-elect=false \
    --cluster-name "$c" --profiling=false
  proc_start "$c" kube-scheduler "$KUBE_BIN/kube-scheduler" \
    --kubeconfig "$cd/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig "$cd/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig "$cd/kube-scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$(port "$c" $OFF_SCHED)" \
    --leader-elect=false --profiling=false
}

# Admin kubeconfig with one context per cluster (plus the portal's token contexts,
# added by access.sh once the tokens exist).
write_main_kubeconfig() {
  local out="$STATE/kubeconfig" tmp c first=""
  tmp=$(mktemp "$STATE/.kubeconfig.XXXX")
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    for c in $CLUSTERS; do
      echo "- name: $c"
      echo "  cluster:"
      echo "    server: https://127.0.0.1:$(port "$c" $OFF_APISERVER)"
      echo "    certificate-authority-data: $(base64 -w0 <"$(pki_dir "$c")/ca.crt")"
    done
    echo "users:"
    for c in $CLUSTERS; do
      echo "- name: $c-admin"
      echo "  user:"
      echo "    client-certificate-data: $(base64 -w0 <"$(pki_dir "$c")/admin.crt")"
      echo "    client-key-data: $(base64 -w0 <"$(pki_dir "$c")/admin.key")"
      if [[ -s $(cluster_dir "$c")/portal.token ]]; then
        echo "- name: $c-portal"
        echo "  user:"
        echo "    token: $(cat "$(cluster_dir "$c")/portal.token")"
      fi
    done
    echo "contexts:"
    for c in $CLUSTERS; do
      [[ -z $first ]] && first=$c
      echo "- name: $c"
      echo "  context: {cluster: $c, user: $c-admin}"
      if [[ -s $(cluster_dir "$c")/portal.token ]]; then
        echo "- name: $c-portal"
        echo "  context: {cluster: $c, user: $c-portal}"
      fi
    done
    echo "current-context: $first"
  } >"$tmp"
  chmod 600 "$tmp"
  mv -f "$tmp" "$out"
}

# Components of a cluster in start order; `down` stops them in reverse.
CLUSTER_PROCS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok exporter prometheus)
