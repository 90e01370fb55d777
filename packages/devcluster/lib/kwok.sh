# shellcheck shell=bash
# kwok: plays the kubelet of every fake node - makes scheduled pods Running and
# serves /containerLogs for them, so `kubectl logs` goes through the real
# apiserver -> "kubelet" path.

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

write_kwok_config() {
  local c=$1 out
  out="$(cluster_dir "$c")/kwok.yaml"
  mkdir -p "$(podlog_dir "$c")"
  cp "$DEVCLUSTER_HOME/kwok/stages.yaml" "$out"
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
  PROC_INPUTS="$cd/kwok.yaml" proc_start "$c" kwok "$KWOK_BIN/kwok" \
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
