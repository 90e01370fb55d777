# shellcheck shell=bash
# Per-cluster metrics: the demo exporter simulates the workloads, and one
# Prometheus per cluster scrapes it (as a per-cluster Prometheus would in a real
# fleet; the portal is configured with one URL per cluster).

PROMETHEUS_BIN="${DEVCLUSTER_PROMETHEUS:-/usr/bin/prometheus}"
# Debian's prometheus package ships promtool beside it.
PROMTOOL_BIN="${DEVCLUSTER_PROMTOOL:-$(dirname "$PROMETHEUS_BIN")/promtool}"

# --releases: the demo's bad releases (apps.tsv, column bad) are bad by their
# image, so a canary to or away from one behaves like real code would. The
# exporter reads the table at start only: an edit to it restarts the exporter.
start_exporter() {
  local c=$1 p
  p=$(pki_dir "$c")
  PROC_INPUTS="$SEED/apps.tsv" proc_start "$c" exporter "$EXPORTER_BIN" \
    --cluster "$c" --apiserver "https://127.0.0.1:$(port "$c" $OFF_APISERVER)" \
    --ca "$p/ca.crt" --cert "$p/exporter.crt" --key "$p/exporter.key" \
    --listen "127.0.0.1:$(port "$c" $OFF_EXPORTER)" \
    --logs-dir "$(podlog_dir "$c")" --releases "$SEED/apps.tsv"
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
  run_prometheus "$c"
  import_history "$c"
}

# Retention 8d: the imported week of history stays whole for a day or more.
run_prometheus() {
  local cd
  cd=$(cluster_dir "$1")
  proc_start "$1" prometheus "$PROMETHEUS_BIN" \
    --config.file "$cd/prometheus.yml" --storage.tsdb.path "$cd/prometheus" \
    --storage.tsdb.retention.time 8d --web.listen-address "127.0.0.1:$(port "$1" $OFF_PROMETHEUS)" \
    --web.enable-lifecycle --log.level warn
}

# first_live_sample CLUSTER -> unix seconds (rounded down) of the first sample
# Prometheus scraped from the exporter (its `up` series, which the history
# never has), or now when there is none yet. Read from the raw samples, not a
# subquery: a subquery's steps would land up to a step after the first sample,
# and history written up to there would overlap the live samples.
first_live_sample() {
  local pp t i out
  pp=$(port "$1" $OFF_PROMETHEUS)
  for ((i = 0; i < 30; i++)); do
    out=$(curl -fsS --max-time 10 "http://127.0.0.1:$pp/api/v1/query" \
      --data-urlencode 'query=up{job="workloads"}[8d]' 2>/dev/null) || out=""
    t=$(sed -n 's/^.*"values":\[\[\([0-9]*\)[.0-9]*,.*$/\1/p' <<<"$out")
    if [[ -n $t ]]; then
      echo "$t"
      return 0
    fi
    sleep 0.5 # a fresh Prometheus scrapes within one interval (5 s)
  done
  date +%s
}

# import_history CLUSTER: the demo's past in Prometheus, once per data
# directory (marker file devcluster-history in it). The exporter replays its
# simulation over the release history the cluster holds (the ReplicaSets'
# backdated creation times, lib/seed.sh): a week at one sample a minute, the
# last hour at the scrape interval, ending just before the first live sample
# so history and live data never overlap. promtool turns that into TSDB blocks
# and Prometheus is restarted so they are queryable when `up` returns.
import_history() {
  local c=$1 cd data marker tmp end p
  cd=$(cluster_dir "$c")
  data="$cd/prometheus"
  marker="$data/devcluster-history"
  [[ -f $marker ]] && return 0
  wait_for "$c prometheus" 60 "$(log_dir "$c")/prometheus.log" prometheus_ready "$c" || die "$c: prometheus not ready"
  [[ -x $PROMTOOL_BIN ]] || die "$PROMTOOL_BIN not found (Debian's prometheus package ships it)"
  end=$(first_live_sample "$c")
  p=$(pki_dir "$c")
  tmp="$cd/history.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  log "$c: importing the demo's history into Prometheus (once; takes about half a minute)"
  # As the admin: the live exporter's own account sees pods only, and the
  # history also needs the workloads and their revisions. --releases as the
  # live exporter's, so the past and the present agree on the bad release.
  "$EXPORTER_BIN" backfill --apiserver "https://127.0.0.1:$(port "$c" $OFF_APISERVER)" \
    --ca "$p/ca.crt" --cert "$p/admin.crt" --key "$p/admin.key" --releases "$SEED/apps.tsv" \
    --labels "job=workloads,instance=127.0.0.1:$(port "$c" $OFF_EXPORTER),cluster=$c" \
    --seed "$(cluster_index "$c")" --end "$end" --out "$tmp/history.om" 2>"$tmp/backfill.log" ||
    die "$c: generating the demo's history failed: $(cat "$tmp/backfill.log")"
  if [[ ! -s $tmp/history.om ]]; then
    log "$c: no backdated demo workloads, no history imported: $(cat "$tmp/backfill.log")"
    rm -rf "$tmp"
    return 0
  fi
  # Blocks up to 54 h: promtool reads the whole file once per block.
  "$PROMTOOL_BIN" tsdb create-blocks-from --max-block-duration=54h openmetrics \
    "$tmp/history.om" "$tmp/blocks" >"$tmp/promtool.log" 2>&1 ||
    die "$c: promtool could not import the history: $(tail -n 5 "$tmp/promtool.log")"
  mv "$tmp"/blocks/* "$data"/
  sed 's/^backfill: //' "$tmp/backfill.log" >"$marker"
  rm -rf "$tmp"
  proc_stop "$c" prometheus
  run_prometheus "$c"
  log "$c: imported $(cat "$marker")"
}

prometheus_ready() {
  curl -fsS --max-time 2 "http://127.0.0.1:$(port "$1" $OFF_PROMETHEUS)/-/ready" >/dev/null
}
