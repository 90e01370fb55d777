# shellcheck shell=bash
# Per-cluster metrics: the demo exporter simulates the workloads, and one
# Prometheus per cluster scrapes it (as a per-cluster Prometheus would in a real
# fleet; the portal is configured with one URL per cluster).

PROMETHEUS_BIN="${DEVCLUSTER_PROMETHEUS:-/usr/bin/prometheus}"

start_exporter() {
  local c=$1 p
  p=$(pki_dir "$c")
  proc_start "$c" exporter "$EXPORTER_BIN" \
    --cluster "$c" --apiserver "https://127.0.0.1:$(port "$c" $OFF_APISERVER)" \
    --ca "$p/ca.crt" --cert "$p/exporter.crt" --key "$p/exporter.key" \
    --listen "127.0.0.1:$(port "$c" $OFF_EXPORTER)" \
    --logs-dir "$(podlog_dir "$c")" --log-containers "$(seed_containers | paste -sd, -)"
}

start_prometheus() {
  local c=$1 cd pp
  cd=$(cluster_dir "$c")
  pp=$(port "$c" $OFF_PROMETHEUS)
  mkdir -p "$cd/prometheus"
  # 5 s scrapes so charts move during a demo; `cluster` is a target label (not an
  # external label) so it is visible in every query result.
  cat >"$cd/prometheus.yml" <<EOF
global:
  scrape_interval: 5s
  evaluation_interval: 5s
scrape_configs:
- job_name: workloads
  static_configs:
  - targets: ['127.0.0.1:$(port "$c" $OFF_EXPORTER)']
    labels: {cluster: $c}
- job_name: prometheus
  static_configs:
  - targets: ['127.0.0.1:$pp']
    labels: {cluster: $c}
EOF
  proc_start "$c" prometheus "$PROMETHEUS_BIN" \
    --config.file "$cd/prometheus.yml" --storage.tsdb.path "$cd/prometheus" \
    --storage.tsdb.retention.time 7d --web.listen-address "127.0.0.1:$pp" \
    --web.enable-lifecycle --log.level warn
}

prometheus_ready() {
  curl -fsS --max-time 2 "http://127.0.0.1:$(port "$1" $OFF_PROMETHEUS)/-/ready" >/dev/null
}
