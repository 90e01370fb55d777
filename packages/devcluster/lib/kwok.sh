# shellcheck shell=bash
# kwok: plays the kubelet of every fake node - makes scheduled pods Running,
# ends Job pods (kwok/stages.yaml), serves /containerLogs for them and runs
# exec as a local process, so `kubectl logs` and `kubectl exec` go through the
# real apiserver -> "kubelet" path.

# Pod logs: each pod has its own files, podlogs/<namespace>_<pod>_<uid>/<container>.log
# (+ .previous.log), written by the demo exporter. kwok learns where they are
# from a `Logs` object per pod (kwok.x-k8s.io, named like the pod), which the
# exporter creates with the pod as owner; kwok watches those objects
# (--enable-crds=Logs) instead of reading a static mapping at start.
podlog_dir() { echo "$(cluster_dir "$1")/podlogs"; }

# kwok_crd KIND-PLURAL -> kwok's own CRD manifest for that kind, from the module
# source the kwok build downloaded (fetched again if the cache was pruned).
kwok_crd() {
  local f="$KWOK_DIR/mod/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/crd/bases/kwok.x-k8s.io_$1.yaml"
  if [[ ! -f $f ]]; then
    require_go
    go_env "$KWOK_DIR"
    (cd /tmp && env "${GO_ENV[@]}" go mod download "sigs.k8s.io/kwok@$KWOK_VERSION") >/dev/null 2>&1 || true
  fi
  [[ -f $f ]] || die "kwok's $1 CRD not found at $f"
  echo "$f"
}

apply_kwok_crds() {
  local c=$1
  kc "$c" apply --server-side --field-manager devcluster --force-conflicts -f "$(kwok_crd logs)" >/dev/null
  kc "$c" wait --for condition=Established --timeout 60s crd/logs.kwok.x-k8s.io >/dev/null
}

# Exec: `kubectl exec` (and the API's pods/exec WebSocket) into any pod runs a
# real local process (kwok's ClusterExec, written into kwok.yaml), never as
# root: as user paasport-exec (created here, no login shell, no groups), with
# a minimal environment (kwok itself starts with one, see start_kwok, and
# kwok adds these), in a scratch directory per cluster that is also its HOME.
# /root is 0700 and $STATE holds keys and tokens, so that directory cannot
# sit inside $STATE for another user: it is $EXEC_ROOT/<state id>-<cluster>,
# and $STATE/clusters/<c>/exec links to it. Run without root, devcluster runs
# exec as its own (unprivileged) user in $STATE/clusters/<c>/exec.
EXEC_USER=paasport-exec
EXEC_ROOT=/var/lib/paasport-exec
EXEC_PATH=/usr/local/bin:/usr/bin:/bin

# ensure_exec_user: sets EXEC_UID/EXEC_GID (empty when not root). Runs before
# the clusters come up in parallel: two useradds at once would race.
ensure_exec_user() {
  EXEC_UID="" EXEC_GID=""
  [[ -x /bin/bash && -x /bin/sh ]] || log "warning: /bin/bash or /bin/sh missing: a terminal into a pod has no shell"
  ((EUID == 0)) || return 0
  if ! id -u "$EXEC_USER" >/dev/null 2>&1; then
    command -v useradd >/dev/null || die "useradd not found: create an unprivileged user $EXEC_USER for exec into pods"
    useradd --system --user-group --no-create-home --home-dir "$EXEC_ROOT" --shell /usr/sbin/nologin \
      --comment "devcluster exec into kwok pods" "$EXEC_USER" || die "useradd $EXEC_USER failed"
    log "created user $EXEC_USER for exec into pods"
  fi
  EXEC_UID=$(id -u "$EXEC_USER")
  EXEC_GID=$(id -g "$EXEC_USER")
  ((EXEC_UID != 0 && EXEC_GID != 0)) || die "user $EXEC_USER has uid or gid 0; it must be unprivileged"
}

# exec_dir CLUSTER -> the scratch directory exec'd processes start in.
exec_dir() {
  if ((EUID == 0)); then
    echo "$EXEC_ROOT/$(readlink -m "$STATE" | sha256sum | cut -c1-10)-$1"
  else
    echo "$(cluster_dir "$1")/exec"
  fi
}

prepare_exec_dir() {
  local c=$1 d
  d=$(exec_dir "$c")
  if ((EUID == 0)); then
    # The parent is root's and world-traversable; each cluster's directory
    # belongs to the exec user alone.
    install -d -m 755 -o root -g root "$EXEC_ROOT"
    install -d -m 700 -o "$EXEC_UID" -g "$EXEC_GID" "$d"
    ln -sfn "$d" "$(cluster_dir "$c")/exec"
  else
    install -d -m 700 "$d"
  fi
}

# purge_exec_dir CLUSTER: `down --purge` deletes the scratch directory too.
purge_exec_dir() {
  local link d
  link="$(cluster_dir "$1")/exec"
  [[ -L $link ]] || return 0
  d=$(readlink "$link")
  [[ $d == "$EXEC_ROOT"/?* && $d != *..* ]] && rm -rf "$d"
  return 0
}

cluster_exec_config() {
  local c=$1 d user
  d=$(exec_dir "$c")
  user=$([[ -n ${EXEC_UID:-} ]] && echo "$EXEC_USER" || id -un)
  cat <<EOF
---
# Written by lib/kwok.sh: exec into any pod of cluster $c runs locally.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: devcluster-local
spec:
  execs:
    - local:
        workDir: $d
        envs:
          - { name: HOME, value: $d }
          - { name: PWD, value: $d }
          - { name: USER, value: $user }
          - { name: LOGNAME, value: $user }
          - { name: SHELL, value: /bin/bash }
          - { name: PATH, value: "$EXEC_PATH" }
          - { name: LANG, value: C.UTF-8 }
          # What a container runtime sets for a TTY; kwok cannot tell the
          # two apart, so plain execs see it too.
          - { name: TERM, value: xterm }
EOF
  [[ -z ${EXEC_UID:-} ]] || cat <<EOF
        securityContext: { runAsUser: $EXEC_UID, runAsGroup: $EXEC_GID }
EOF
}

write_kwok_config() {
  local c=$1 out
  out="$(cluster_dir "$c")/kwok.yaml"
  mkdir -p "$(podlog_dir "$c")"
  prepare_exec_dir "$c"
  { cat "$DEVCLUSTER_HOME/kwok/stages.yaml"; cluster_exec_config "$c"; } >"$out"
}

start_kwok() {
  local c=$1 p cd kp
  p=$(pki_dir "$c")
  cd=$(cluster_dir "$c")
  kp=$(port "$c" $OFF_KWOK)
  write_kubeconfig "$c" kwok "$cd/kwok.kubeconfig"
  write_kwok_config "$c"
  apply_kwok_crds "$c"
  # --node-ip/--node-port become every node's InternalIP and kubelet port: kwok's
  # single server answers for all nodes. Node liveness uses Leases (40 s) like a
  # current kubelet, so status heartbeats can be rare. Pod IPs come from a
  # per-cluster range so clusters are distinguishable in dumps.
  # --enable-crds=Logs: pod logs come from Logs objects (see podlog_dir).
  # PROC_ENV: kwok hands its own environment to every exec'd process, so it
  # gets nothing of the caller's (no tokens, no KUBECONFIG). The build stamp
  # counts too: a rebuilt kwok (same path) is restarted.
  PROC_ENV="PATH=$EXEC_PATH HOME=$cd" \
    PROC_INPUTS="$cd/kwok.yaml $KWOK_DIR/stamp" proc_start "$c" kwok "$KWOK_BIN/kwok" \
    --kubeconfig "$cd/kwok.kubeconfig" --config "$cd/kwok.yaml" \
    --manage-all-nodes=true --enable-crds=Logs \
    --node-ip 127.0.0.1 --node-port "$kp" --server-address "127.0.0.1:$kp" \
    --tls-cert-file "$p/kubelet-serving.crt" --tls-private-key-file "$p/kubelet-serving.key" \
    --node-lease-duration-seconds 40 \
    --cidr "10.$((64 + $(cluster_index "$c"))).0.0/16"
}

# Fake nodes: plain Node objects; kwok takes over because of --manage-all-nodes.
apply_nodes() {
  local c=$1 i zones=(a b c)
  {
    for ((i = 1; i <= NODES_PER_CLUSTER; i++)); do
      cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $c-worker-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: $c-worker-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    node-role.kubernetes.io/worker: ""
    node.kubernetes.io/instance-type: m6i.2xlarge
    topology.kubernetes.io/region: local-1
    topology.kubernetes.io/zone: local-1${zones[$(((i - 1) % 3))]}
    type: kwok
EOF
    done
  } | kc "$c" apply --server-side --field-manager devcluster -f - >/dev/null
}

nodes_ready() {
  local n
  n=$(kc "$1" get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True || true)
  ((n >= NODES_PER_CLUSTER))
}
