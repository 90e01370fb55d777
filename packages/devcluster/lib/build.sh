# shellcheck shell=bash
# Builds the real control-plane binaries from the Go module proxy into the cache.
#
# Layout: $CACHE_ROOT/<component>-<version>/{bin,mod,gocache,src,build.log,stamp}.
# Each component has its own GOMODCACHE/GOCACHE so deleting one directory forgets
# exactly one version, and nothing from a build ever lands in the repository.

KUBE_DIR="$CACHE_ROOT/kubernetes-$KUBERNETES_VERSION"
ETCD_DIR="$CACHE_ROOT/etcd-$ETCD_VERSION"
KWOK_DIR="$CACHE_ROOT/kwok-$KWOK_VERSION"
KUBE_BIN="$KUBE_DIR/bin"
ETCD_BIN="$ETCD_DIR/bin"
KWOK_BIN="$KWOK_DIR/bin"
KUBE_COMPONENTS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

# The exporter is our own code: key its cache dir by a hash of its sources so an
# edit rebuilds it and an unchanged tree reuses the binary.
exporter_dir() {
  local h
  h=$(cat "$DEVCLUSTER_HOME"/exporter/go.mod "$DEVCLUSTER_HOME"/exporter/*.go | sha256sum | cut -c1-12)
  echo "$CACHE_ROOT/exporter-$h"
}

# go_env DIR -> GO_ENV: environment for a hermetic build inside DIR.
#  GOTOOLCHAIN=local: never fetch another toolchain behind the user's back.
#  GOWORK=off: a go.work further up must not leak into the wrapper modules.
#  CGO_ENABLED=0: upstream release builds of these binaries are static too.
go_env() {
  GO_ENV=("GOMODCACHE=$1/mod" "GOCACHE=$1/gocache" "GOPATH=$1/gopath" GOTOOLCHAIN=local GOWORK=off
    CGO_ENABLED=0 GOFLAGS=-mod=mod)
}

stamp_ok() { [[ -f $1/stamp && "$(cat "$1/stamp")" == "$2" ]]; }

# Only a build needs Go: a warm cache runs without a toolchain.
require_go() {
  # Non-login shells (CI, IDE tasks) may not have the toolchain on PATH.
  if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then PATH="/usr/local/go/bin:$PATH"; fi
  command -v go >/dev/null || die "Go 1.26+ is required to build the control plane (not found on PATH)"
  local gv
  gv=$(go env GOVERSION)
  if ! [[ $gv =~ ^go1\.([0-9]+) ]] || ((BASH_REMATCH[1] < 26)); then
    die "Kubernetes $KUBERNETES_VERSION needs Go 1.26+, found $gv (GOTOOLCHAIN=local: no toolchain download)"
  fi
}

# run_build DIR LABEL MINUTES CMD... : runs CMD with a heartbeat so a 20-minute
# compile does not look like a hang, keeps the full output in DIR/build.log.
run_build() {
  local dir=$1 label=$2 minutes=$3; shift 3
  local t0 hb rc=0
  t0=$(now)
  log "building $label (first time only, roughly $minutes min on 2 cores; log: $dir/build.log)"
  : >"$dir/build.log"
  (
    while sleep 30; do
      log "  $label: $(grep -c . "$dir/build.log" 2>/dev/null || true) packages compiled, $(elapsed "$t0")s elapsed"
    done
  ) &
  hb=$!
  go_env "$dir"
  (cd "$dir/src" && env "${GO_ENV[@]}" "$@") >>"$dir/build.log" 2>&1 || rc=$?
  kill "$hb" 2>/dev/null || true
  wait "$hb" 2>/dev/null || true
  if ((rc != 0)); then
    tail -n 30 "$dir/build.log" >&2
    die "$label build failed (exit $rc); full log: $dir/build.log"
  fi
  log "built $label in $(elapsed "$t0")s"
  echo "$label $(elapsed "$t0")" >>"$CACHE_ROOT/build-times.txt"
  # The compile cache only speeds up rebuilding this exact version, which the
  # stamp makes unnecessary; dropping it saves ~4 GB. The module cache stays
  # (upstream sources, e.g. kwok's reference stages, are handy to read).
  [[ ${DEVCLUSTER_KEEP_GOCACHE:-0} == 1 ]] || rm -rf "$dir/gocache"
}

# module_file DIR MODULE@VERSION -> path of the downloaded upstream go.mod
module_file() {
  go_env "$1"
  (cd /tmp && env "${GO_ENV[@]}" go mod download -json "$2") |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p'
}

build_kubernetes() {
  local v=$KUBERNETES_VERSION stamp="kubernetes $KUBERNETES_VERSION"
  local c ok=1
  for c in "${KUBE_COMPONENTS[@]}"; do [[ -x $KUBE_BIN/$c ]] || ok=0; done
  if ((ok)) && stamp_ok "$KUBE_DIR" "$stamp"; then return 0; fi
  require_go
  mkdir -p "$KUBE_DIR/src" "$KUBE_BIN"

  # k8s.io/kubernetes replaces its staging modules with ./staging/src paths, which
  # `go install pkg@version` refuses. A wrapper module pins each staging module to
  # the matching published v0.X.Y instead. The list is read from upstream's own
  # go.mod so a version bump picks up new staging modules automatically.
  local upstream staging minor major
  upstream=$(module_file "$KUBE_DIR" "k8s.io/kubernetes@$v")
  [[ -f $upstream ]] || die "could not download k8s.io/kubernetes@$v"
  staging="v0.${v#v1.}"
  major=${v#v}; major=${major%%.*}
  minor=${v#v*.}; minor=${minor%%.*}
  {
    echo "module paasport.dev/devcluster/kubernetes-build"
    echo
    grep -E '^go [0-9]' "$upstream"
    # godebug settings only apply in the main module: copy upstream's so the
    # binaries behave as released ones do.
    grep -E '^godebug ' "$upstream" || true
    echo
    echo "require k8s.io/kubernetes $v"
    echo
    echo "replace ("
    grep -E '=> \./staging/src/' "$upstream" | awk -v s="$staging" '{ printf "\t%s => %s %s\n", $1, $1, s }'
    echo ")"
  } >"$KUBE_DIR/src/go.mod"
  log "wrapper module: $(grep -c '=> k8s.io/' "$KUBE_DIR/src/go.mod") staging replaces for $v"

  local pkg="k8s.io/component-base/version"
  local ldflags="-s -w -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  # client-go reports its own version to servers in the user agent; keep it in step.
  ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=$v"
  local pkgs=()
  for c in "${KUBE_COMPONENTS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  run_build "$KUBE_DIR" "kubernetes-$v" 9 \
    go build -v -trimpath -ldflags "$ldflags" -o "$KUBE_BIN/" "${pkgs[@]}"
  echo "$stamp" >"$KUBE_DIR/stamp"
}

build_etcd() {
  local v=$ETCD_VERSION stamp="etcd $ETCD_VERSION"
  if [[ -x $ETCD_BIN/etcd ]] && stamp_ok "$ETCD_DIR" "$stamp"; then return 0; fi
  require_go
  mkdir -p "$ETCD_DIR/src" "$ETCD_BIN"
  # Same problem as kubernetes: server/v3 replaces its sibling modules with ../
  # paths. Pin each sibling to the same release.
  local upstream
  upstream=$(module_file "$ETCD_DIR" "go.etcd.io/etcd/server/v3@$v")
  [[ -f $upstream ]] || die "could not download go.etcd.io/etcd/server/v3@$v"
  {
    echo "module paasport.dev/devcluster/etcd-build"
    echo
    grep -E '^go [0-9]' "$upstream"
    grep -E '^godebug ' "$upstream" || true
    echo
    echo "require go.etcd.io/etcd/server/v3 $v"
    echo
    echo "replace ("
    grep -E '=> \.\./' "$upstream" | awk -v s="$v" '{ printf "\t%s => %s %s\n", $1, $1, s }'
    echo ")"
  } >"$ETCD_DIR/src/go.mod"
  run_build "$ETCD_DIR" "etcd-$v" 1 \
    go build -v -trimpath -ldflags "-s -w" -o "$ETCD_BIN/etcd" go.etcd.io/etcd/server/v3
  echo "$stamp" >"$ETCD_DIR/stamp"
}

# kwok is built from its module source with two additions (kwok/patch/): a
# command's exit code reaches `kubectl exec` and the exec WebSocket (instead
# of an internal error), and a TTY session is a real terminal session that
# loses no output (exec_tty.go says why). The anchors are two `return` lines
# of pkg/kwok/server/debugging_exec.go and one function name in
# debugging_exec_other.go; a version without them is built as is. One more
# edit in place: kwok copies a session's stdin into the command's pipe and
# never closed it, so a command reading to end of input (`cat`) never saw it
# end; the pipe is closed once the copy ends.
KWOK_PATCH="$DEVCLUSTER_HOME/kwok/patch"
# Counts the edits made in place below: part of the build stamp, so changing
# them rebuilds kwok as changing a patch file does.
KWOK_EDITS=2

build_kwok() {
  local v=$KWOK_VERSION stamp src f g
  stamp="kwok $KWOK_VERSION $(cat "$KWOK_PATCH"/*.go | sha256sum | cut -c1-12) edits $KWOK_EDITS"
  if [[ -x $KWOK_BIN/kwok ]] && stamp_ok "$KWOK_DIR" "$stamp"; then return 0; fi
  require_go
  mkdir -p "$KWOK_DIR/src" "$KWOK_BIN"
  go_env "$KWOK_DIR"
  (cd /tmp && env "${GO_ENV[@]}" go mod download "sigs.k8s.io/kwok@$v") >/dev/null ||
    die "downloading sigs.k8s.io/kwok@$v failed"
  # The module cache is read-only: build from a writable copy.
  src="$KWOK_DIR/src/kwok"
  rm -rf "$src"
  cp -r "$KWOK_DIR/mod/sigs.k8s.io/kwok@$v" "$src"
  chmod -R u+w "$src"
  f="$src/pkg/kwok/server/debugging_exec.go"
  g="$src/pkg/kwok/server/debugging_exec_other.go"
  if grep -q '^func (s \*Server) execInContainerWithTTY(' "$g" && grep -qP '^\t\treturn s.execInContainerWithTTY\(ctx, cmd, in, stdout, resize\)$' "$f" &&
    grep -qP '^\treturn s.execInContainer\(ctx, cmd, in, stdout, stderr\)$' "$f"; then
    sed -i -e 's/^\t\treturn s.execInContainerWithTTY(ctx, cmd, in, stdout, resize)$/\t\treturn withExitCode(s.execInContainerWithTTY(ctx, cmd, in, stdout, resize))/' \
      -e 's/^\treturn s.execInContainer(ctx, cmd, in, stdout, stderr)$/\treturn withExitCode(s.execInContainer(ctx, cmd, in, stdout, stderr))/' "$f"
    sed -i 's/^func (s \*Server) execInContainerWithTTY(/func (s *Server) execInContainerWithTTYUpstream(/' "$g"
    cp "$KWOK_PATCH"/*.go "$src/pkg/kwok/server/"
  else
    log "warning: kwok $v's exec code changed; building it unpatched (exec exit codes become internal errors)"
  fi
  local x="$src/pkg/utils/exec/exec.go"
  if grep -qP '^\t\t\t\t_, _ = io.Copy\(inPipe, opt.In\)$' "$x"; then
    sed -i 's/^\t\t\t\t_, _ = io.Copy(inPipe, opt.In)$/\t\t\t\t_, _ = io.Copy(inPipe, opt.In)\n\t\t\t\t_ = inPipe.Close()/' "$x"
  else
    log "warning: kwok $v's stdin copy changed; building it without closing the command's stdin at end of input"
  fi
  # Built next to the running binary and renamed over it: kwok processes keep
  # running the old file until `up` restarts them.
  run_build "$KWOK_DIR" "kwok-$v" 5 \
    go build -C kwok -v -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$v" \
    -o "$KWOK_BIN/kwok.new" ./cmd/kwok
  mv -f "$KWOK_BIN/kwok.new" "$KWOK_BIN/kwok"
  echo "$stamp" >"$KWOK_DIR/stamp"
}

build_exporter() {
  local dir
  dir=$(exporter_dir)
  EXPORTER_BIN="$dir/bin/devcluster-exporter"
  [[ -x $EXPORTER_BIN ]] && return 0
  require_go
  # Older builds of our own code are worthless once the source changed.
  mkdir -p "$CACHE_ROOT"
  find "$CACHE_ROOT" -maxdepth 1 -name 'exporter-*' ! -path "$dir" -exec rm -rf {} +
  mkdir -p "$dir/bin"
  rm -rf "$dir/src" && cp -r "$DEVCLUSTER_HOME/exporter" "$dir/src"
  run_build "$dir" "exporter" 1 go build -trimpath -o "$EXPORTER_BIN" .
}

# devcluster-backdate (../backdate) writes to etcd with the etcd client and
# Kubernetes' own protobuf codec, at the versions of the clusters built here.
# Keyed by a hash of its sources like the exporter; the modules come from the
# etcd and Kubernetes builds' caches when they are there, else from the proxy.
build_backdate() {
  local dir h
  h=$(cat "$DEVCLUSTER_HOME"/backdate/go.mod "$DEVCLUSTER_HOME"/backdate/go.sum "$DEVCLUSTER_HOME"/backdate/*.go |
    sha256sum | cut -c1-12)
  dir="$CACHE_ROOT/backdate-$h"
  BACKDATE_BIN="$dir/bin/devcluster-backdate"
  [[ -x $BACKDATE_BIN ]] && return 0
  require_go
  mkdir -p "$CACHE_ROOT"
  # -modcacherw: a writable module cache, so an outdated build can be deleted.
  find "$CACHE_ROOT" -maxdepth 1 -name 'backdate-*' ! -path "$dir" -exec rm -rf {} +
  mkdir -p "$dir/bin"
  rm -rf "$dir/src" && cp -r "$DEVCLUSTER_HOME/backdate" "$dir/src"
  run_build "$dir" "backdate" 2 env GOFLAGS="-mod=mod -modcacherw" \
    GOPROXY="file://$ETCD_DIR/mod/cache/download,file://$KUBE_DIR/mod/cache/download,$(go env GOPROXY)" \
    go build -trimpath -ldflags "-s -w" -o "$BACKDATE_BIN" .
}

# ensure_binaries: build whatever is missing; a warm cache returns at once.
ensure_binaries() {
  mkdir -p "$CACHE_ROOT"
  if [[ ! -f $KUBE_DIR/stamp ]]; then
    log "first run: building etcd, Kubernetes $KUBERNETES_VERSION and kwok from source into $CACHE_ROOT;"
    log "this takes about 12-15 minutes on 2 cores, once. Later runs start in seconds."
  fi
  build_etcd
  build_kubernetes
  build_kwok
  build_exporter
  build_backdate
}
