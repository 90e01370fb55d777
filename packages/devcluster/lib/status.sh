# shellcheck shell=bash
# `status`: one screen that says whether each cluster is usable.

cmd_status() {
  local c name state n q rss
  [[ -f $STATE/kubeconfig ]] || { echo "no devcluster state in $STATE (run: devcluster up)"; return 1; }
  for c in $CLUSTERS; do
    echo "== $c  https://127.0.0.1:$(port "$c" $OFF_APISERVER)"
    printf '  processes:'
    rss=0
    for name in "${CLUSTER_PROCS[@]}"; do
      if proc_alive "$c" "$name"; then
        state=up
        rss=$((rss + $(awk '/^VmRSS/ { print $2 }' "/proc/$(proc_pid "$c" "$name")/status")))
      else
        state=DOWN
      fi
      printf ' %s=%s' "$name" "$state"
    done
    echo
    echo "  memory:     $((rss / 1024)) MiB RSS (all processes of this cluster)"
    echo "  audit log:  $(audit_log_file "$c") ($(($(stat -c %s "$(audit_log_file "$c")" 2>/dev/null || echo 0) / 1024)) KiB)"
    if ! readyz "$c"; then
      echo "  readyz:     NOT READY (logs: $(log_dir "$c"))"
      continue
    fi
    echo "  readyz:     ok ($(kc "$c" version -o json 2>/dev/null | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -n1))"
    n=$(kc "$c" get nodes --no-headers 2>/dev/null | awk '$2 == "Ready"' | wc -l)
    echo "  nodes:      $n/$(kc "$c" get nodes --no-headers 2>/dev/null | wc -l) Ready"
    echo "  workloads:"
    kc "$c" get deploy,statefulset -A -l paasport.io/team --no-headers \
      -o custom-columns='NS:.metadata.namespace,NAME:.metadata.name,READY:.status.readyReplicas,WANT:.spec.replicas,REV:.metadata.annotations.deployment\.kubernetes\.io/revision,IMAGE:.spec.template.spec.containers[0].image' 2>/dev/null |
      awk '{ printf "    %-17s %-20s %s/%s  rev %-4s %s\n", $1, $2, ($3 == "<none>" ? 0 : $3), $4, ($5 == "<none>" ? "-" : $5), $6 }'
    if prometheus_ready "$c"; then
      q=$(curl -fsS --max-time 3 "http://127.0.0.1:$(port "$c" $OFF_PROMETHEUS)/api/v1/query" \
        --data-urlencode 'query=count(container_memory_working_set_bytes)' | sed -n 's/.*"value":\[[^,]*,"\([0-9]*\)"\].*/\1/p')
      echo "  prometheus: up http://127.0.0.1:$(port "$c" $OFF_PROMETHEUS) (${q:-0} containers with metrics)"
    else
      echo "  prometheus: DOWN"
    fi
  done
}
