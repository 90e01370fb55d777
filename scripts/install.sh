# Sourced by ./paasport: installs the workspace's npm dependencies when yarn.lock changed
# since the last install, so a warm start does not pay for a no-op `yarn install`.

paasport_install() {
  local stamp="node_modules/.paasport-install-stamp"
  local want
  want="$(cat yarn.lock package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "paasport: installing dependencies (yarn install; a cold cache takes several minutes)" >&2
  local started=$SECONDS
  # Without the stamp a failed install is retried next time instead of passing for done.
  yarn install --immutable || return 1
  echo "$want" >"$stamp"
  echo "paasport: dependencies installed in $((SECONDS - started)) s" >&2
}
