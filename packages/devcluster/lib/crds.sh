# shellcheck shell=bash
# Operator and Tekton CRDs (crds/*.yaml). Server-side apply makes re-running
# `up` a no-op and lets schema edits roll out on the next `up`.

apply_crds() {
  local c=$1 names
  kc "$c" apply --server-side --field-manager devcluster --force-conflicts -f "$DEVCLUSTER_HOME/crds/" >/dev/null
  names=$(kc "$c" get crd -l app.kubernetes.io/part-of=paasport-devcluster -o name)
  # shellcheck disable=SC2086 # one argument per CRD
  kc "$c" wait --for condition=Established --timeout 60s $names >/dev/null
}
