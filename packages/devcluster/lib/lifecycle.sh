# shellcheck shell=bash
# up / down: the order in which things start and stop, and the timings we print.

# Tools the script needs at run time. Installed with apt when missing because a
# fresh machine of this project has nothing but what our own files install.
ensure_tools() {
  local missing=() t
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl ca-certificates)
  [[ -x $PROMETHEUS_BIN ]] || missing+=(prometheus)
  if ((${#missing[@]})); then
    ((EUID == 0)) || die "missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
    log "installing ${missing[*]} with apt-get"
    # --no-install-recommends: skip node-exporter & co.; we only need the binary.
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${missing[@]}") >"$CACHE_ROOT/apt.log" 2>&1 ||
      { tail -n 20 "$CACHE_ROOT/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
  fi
  for t in openssl curl base64 setsid; do command -v "$t" >/dev/null || die "$t not found"; done
}

validate_clusters() {
  local c n=0
  for c in $CLUSTERS; do
    [[ $c =~ ^[a-z][a-z0-9-]{0,19}$ ]] || die "cluster name '$c' must be a short DNS label"
    n=$((n + 1))
  done
  ((n >= 1 && n <= 9)) || die "DEVCLUSTER_CLUSTERS must name 1-9 clusters (ports are 100 per cluster)"
}

# A port held by something that is not our process would make a component die
# with an obscure bind error; say so up front instead.
check_port() {
  local c=$1 name=$2 p
  p=$(port "$c" "$3")
  proc_alive "$c" "$name" && return 0
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    die "$c: port $p (for $name) is already in use by another process; set DEVCLUSTER_PORT_BASE to move all clusters"
  fi
}

# Everything after the apiserver answers, for one cluster. Runs in parallel
# across clusters.
bring_up_cluster() {
  local c=$1 t
  t=$(now)
  start_controllers "$c"
  start_kwok "$c"
  apply_crds "$c"
  apply_nodes "$c"
  wait_for "$c nodes Ready" 60 "$(log_dir "$c")/kwok.log" nodes_ready "$c"
  seed_base "$c"
  portal_token "$c"
  seed_workloads "$c"
  log "$c: cluster ready in $(elapsed "$t")s after its apiserver"
}

cmd_up() {
  local t0 tr c pids=() rc=0
  t0=$(now)
  validate_clusters
  mkdir -p "$CACHE_ROOT" "$STATE"
  chmod 700 "$STATE"
  ensure_tools
  ensure_binaries
  ensure_exec_user
  for c in $CLUSTERS; do
    check_port "$c" etcd $OFF_ETCD_CLIENT
    check_port "$c" kube-apiserver $OFF_APISERVER
    check_port "$c" kwok $OFF_KWOK
    check_port "$c" exporter $OFF_EXPORTER
    check_port "$c" prometheus $OFF_PROMETHEUS
  done

  tr=$(now)
  for c in $CLUSTERS; do
    pki_ensure "$c"
    start_etcd "$c"
  done
  for c in $CLUSTERS; do
    wait_for "$c etcd" 30 "$(log_dir "$c")/etcd.log" etcd_healthy "$c" || die "$c: etcd did not start"
    start_apiserver "$c"
  done
  for c in $CLUSTERS; do
    wait_for "$c /readyz" 90 "$(log_dir "$c")/kube-apiserver.log" readyz "$c" || die "$c: kube-apiserver not ready"
  done
  log "apiservers ready ($CLUSTERS) in $(elapsed "$tr")s ($(elapsed "$t0")s since up started)"
  write_main_kubeconfig

  for c in $CLUSTERS; do
    (bring_up_cluster "$c") &
    pids+=($!)
  done
  for c in "${pids[@]}"; do wait "$c" || rc=1; done
  ((rc == 0)) || die "bringing up a cluster failed (messages above)"

  write_main_kubeconfig
  write_app_config
  for c in $CLUSTERS; do
    start_exporter "$c"
    start_prometheus "$c"
  done
  for c in $CLUSTERS; do
    wait_for "$c prometheus" 60 "$(log_dir "$c")/prometheus.log" prometheus_ready "$c" || die "$c: prometheus not ready"
  done
  log "up in $(elapsed "$t0")s"
  echo
  for c in $CLUSTERS; do
    printf '  %-6s api https://127.0.0.1:%s  prometheus http://127.0.0.1:%s\n' "$c" \
      "$(port "$c" $OFF_APISERVER)" "$(port "$c" $OFF_PROMETHEUS)"
  done
  echo
  echo "  eval \"\$($DEVCLUSTER_HOME/bin/devcluster env)\"   # KUBECONFIG and PAASPORT_DEVCLUSTER_CONFIG"
}

# Clusters that have state on disk: `down` also stops ones started with another
# DEVCLUSTER_CLUSTERS (e.g. a benchmark's third cluster).
known_clusters() {
  local d
  for d in "$STATE"/clusters/*/; do
    [[ -d $d ]] && basename "$d"
  done
}

cmd_down() {
  local purge=0 c i
  [[ ${1:-} == --purge ]] && purge=1
  for c in $(known_clusters); do
    for ((i = ${#CLUSTER_PROCS[@]} - 1; i >= 0; i--)); do
      proc_stop "$c" "${CLUSTER_PROCS[$i]}"
    done
    log "$c: stopped"
  done
  if ((purge)); then
    # Guard against a mis-set PAASPORT_STATE pointing somewhere precious.
    [[ -n $STATE && $STATE != / && (-d $STATE/clusters || -f $STATE/kubeconfig) ]] ||
      die "refusing to delete '$STATE': it does not look like devcluster state"
    for c in $(known_clusters); do purge_exec_dir "$c"; done
    rm -rf "$STATE"
    log "deleted $STATE"
  fi
}
