# shellcheck shell=bash disable=SC2034 # the settings are used by the other lib files
# Shared settings for bin/devcluster. Sourced, never executed.
#
# Versions are pinned here and nowhere else: the cache directory names are derived
# from them, so bumping a version triggers exactly one rebuild of that component.

KUBERNETES_VERSION="${DEVCLUSTER_KUBERNETES_VERSION:-v1.36.3}"
ETCD_VERSION="${DEVCLUSTER_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${DEVCLUSTER_KWOK_VERSION:-v0.8.0}"

CACHE_ROOT="${PAASPORT_CACHE:-$HOME/.cache/paasport}/devcluster"
STATE="${PAASPORT_STATE:-$HOME/.cache/paasport/devcluster/state}"
CLUSTERS="${DEVCLUSTER_CLUSTERS:-dev prod}"

# Port scheme: cluster index i (position in $DEVCLUSTER_CLUSTERS, 0-based) owns the
# block 16000 + i*100 .. +99 on 127.0.0.1. Nothing on this machine (databases,
# brokers, the portal on 3000/7007) lives in 16000-16999, and the blocks keep
# each cluster's ports readable: the last two digits name the component.
PORT_BASE="${DEVCLUSTER_PORT_BASE:-16000}"
OFF_APISERVER=43   # 16043, 16143, ...: "x443" is easy to recognise as the API
OFF_ETCD_CLIENT=79
OFF_ETCD_PEER=80
OFF_KWOK=50        # kwok's kubelet server (logs/exec) - the nodes' kubelet port
OFF_PROMETHEUS=90
OFF_EXPORTER=91
OFF_KCM=57         # kube-controller-manager secure port (health only)
OFF_SCHED=59       # kube-scheduler secure port (health only)

# Fake nodes per cluster (kwok manages them; pods get scheduled onto them).
NODES_PER_CLUSTER="${DEVCLUSTER_NODES:-3}"

log() { printf '[devcluster] %s\n' "$*" >&2; }
die() { printf '[devcluster] ERROR: %s\n' "$*" >&2; exit 1; }

# cluster_index NAME -> 0-based position in $CLUSTERS
cluster_index() {
  local i=0 c
  for c in $CLUSTERS; do
    if [[ $c == "$1" ]]; then echo "$i"; return 0; fi
    i=$((i + 1))
  done
  die "unknown cluster '$1' (DEVCLUSTER_CLUSTERS='$CLUSTERS')"
}

# port NAME OFFSET -> absolute port for that cluster's component
port() { echo $((PORT_BASE + $(cluster_index "$1") * 100 + $2)); }

cluster_dir() { echo "$STATE/clusters/$1"; }

# Directory of this package (bin/.. ) - assets (crds, seed, kwok stages) live here.
DEVCLUSTER_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# kubectl we built; falls back to nothing else on purpose so behaviour does not
# depend on whatever client happens to be installed.
KUBECTL() { "$KUBE_BIN/kubectl" --kubeconfig "$STATE/kubeconfig" "$@"; }

# kc CLUSTER args... -> kubectl against one cluster's admin context
kc() { local c=$1; shift; KUBECTL --context "$c" "$@"; }

# Seconds since epoch with sub-second precision, for the timings we print.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
