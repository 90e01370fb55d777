# shellcheck shell=bash
# `gitea up|down|status|env|build`: a real Gitea server for the scaffolder's
# publish:gitea action and the end-to-end tests of the software templates, and
# the OpenID Connect issuer the local portal signs the demo people in with.
#
# Built from the Go module proxy like the clusters (no container runtime here).
# Layout: $GITEA_CACHE/gitea-<version>/{bin/gitea,src,mod,gocache,build.log,stamp};
# state (app.ini, SQLite, repositories, admin token) in $GITEA_STATE.
#
# Why v1.26.0 and not the newest: v1.27.x needs gitea.dev/actions-proto-go and
# gitea.dev/sdk, which proxy.golang.org does not serve (403 / "not available").

GITEA_VERSION="${DEVCLUSTER_GITEA_VERSION:-v1.26.0}"
GITEA_CACHE="${PAASPORT_CACHE:-$HOME/.cache/paasport}/gitea"
GITEA_DIR="$GITEA_CACHE/gitea-$GITEA_VERSION"
GITEA_BIN="$GITEA_DIR/bin/gitea"
GITEA_STATE="$STATE/gitea"
GITEA_PORT="${DEVCLUSTER_GITEA_PORT:-16300}"
GITEA_URL="http://127.0.0.1:$GITEA_PORT"
GITEA_ADMIN="${DEVCLUSTER_GITEA_ADMIN:-paasport-admin}"
GITEA_ORG="${DEVCLUSTER_GITEA_ORG:-paasport}"
# People of the demo organisation (catalog/org.yaml) who sign in to the portal
# through Gitea: name:email, the email being the User's spec.profile.email,
# which the portal's sign-in resolver matches. alice (storefront) and bob
# (payments) are in different teams; carol is an admin. mallory has a Gitea
# account but is nobody in the catalog: the portal refuses her sign-in.
GITEA_DEMO_USERS="${DEVCLUSTER_GITEA_USERS:-alice:alice@acme.example bob:bob@acme.example carol:carol@acme.example mallory:mallory@elsewhere.example}"
# The portal as an OAuth2 client: where Gitea may send the authorization code
# (Backstage's oidc provider on the local backend, app-config.yaml's baseUrl, and on the
# production portal's load balancer, scripts/serve-production.sh).
GITEA_OIDC_APP="Paasport portal (local)"
GITEA_OIDC_REDIRECT_URIS="${DEVCLUSTER_GITEA_OIDC_REDIRECT_URIS:-http://localhost:7007/api/auth/oidc/handler/frame http://127.0.0.1:7007/api/auth/oidc/handler/frame http://localhost:7100/api/auth/oidc/handler/frame}"

# Gitea's go.mod has replace lines (so `go install mod@version` is refused) and it
# needs cgo for SQLite (mattn/go-sqlite3), hence: download the module, build in a
# writable copy of it, CGO on. Without the `bindata` tag the binary serves
# templates/, options/ and public/ from that copy (STATIC_ROOT_PATH below), which
# keeps the build ~3x faster than embedding them.
build_gitea() {
  local v=$GITEA_VERSION stamp="gitea $GITEA_VERSION" moddir
  if [[ -x $GITEA_BIN ]] && stamp_ok "$GITEA_DIR" "$stamp"; then return 0; fi
  require_go
  command -v gcc >/dev/null || die "gcc is required to build Gitea (SQLite needs cgo): apt-get install gcc"
  mkdir -p "$GITEA_DIR/bin"
  if [[ ! -f $GITEA_DIR/src/go.mod ]]; then
    log "downloading code.gitea.io/gitea@$v from the Go module proxy"
    moddir=$(cd /tmp && env GOMODCACHE="$GITEA_DIR/mod" GOTOOLCHAIN=local GOWORK=off GOFLAGS= \
      go mod download -json "code.gitea.io/gitea@$v" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
    [[ -d $moddir ]] || die "could not download code.gitea.io/gitea@$v"
    rm -rf "$GITEA_DIR/src.tmp"
    cp -r "$moddir" "$GITEA_DIR/src.tmp"
    chmod -R u+w "$GITEA_DIR/src.tmp" # the module cache is read-only
    mv "$GITEA_DIR/src.tmp" "$GITEA_DIR/src"
  fi
  local tags="sqlite sqlite_unlock_notify"
  # -p=1: one package at a time, so the build does not starve the rest of the
  # machine (tests, the portal) on a 2-core box; nice for the same reason.
  run_build "$GITEA_DIR" "gitea-$v" 10 \
    env CGO_ENABLED=1 GOFLAGS=-p=1 nice -n 10 go build -v -trimpath -tags "$tags" \
    -ldflags "-s -w -X 'main.Version=${v#v}' -X 'main.Tags=$tags'" -o "$GITEA_BIN" .
  echo "$stamp" >"$GITEA_DIR/stamp"
}

gitea_pidfile() { echo "$GITEA_STATE/run/gitea.pid"; }

gitea_alive() {
  local pf pid bin
  pf=$(gitea_pidfile)
  [[ -f $pf ]] || return 1
  read -r pid bin <"$pf" || return 1
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  # The pid alone could have been reused by an unrelated process.
  tr '\0' '\n' <"/proc/$pid/cmdline" | head -n1 | grep -qxF "$bin"
}

gitea_healthy() { curl -fsS --max-time 2 "$GITEA_URL/api/healthz" >/dev/null; }

# gitea_cli ARGS...: the gitea binary against our app.ini, as the server runs it.
gitea_cli() {
  "$GITEA_BIN" --config "$GITEA_STATE/custom/conf/app.ini" --work-path "$GITEA_STATE" \
    --custom-path "$GITEA_STATE/custom" "$@"
}

# gitea_api METHOD PATH [JSON]: the REST API as the admin; prints the body,
# the HTTP status on the last line.
gitea_api() {
  local method=$1 path=$2 body=${3:-}
  curl -sS --max-time 10 -X "$method" -w '\n%{http_code}' \
    -H "Authorization: token $(cat "$GITEA_STATE/admin.token")" \
    -H 'Content-Type: application/json' ${body:+--data "$body"} "$GITEA_URL/api/v1$path"
}

# Secrets are generated once and kept: regenerating SECRET_KEY would make the
# stored two-factor and webhook secrets unreadable.
gitea_secret() {
  local f="$GITEA_STATE/secrets/$1"
  if [[ ! -s $f ]]; then
    gitea_cli generate secret "$1" >"$f.tmp"
    mv -f "$f.tmp" "$f"
  fi
  cat "$f"
}

write_gitea_config() {
  local ini="$GITEA_STATE/custom/conf/app.ini" tmp root_line=""
  mkdir -p "$GITEA_STATE"/{custom/conf,data,log,run,secrets}
  chmod 700 "$GITEA_STATE/secrets"
  # Gitea refuses to run as root unless told to; only this local server does.
  ((EUID == 0)) && root_line="I_AM_BEING_UNSAFE_RUNNING_AS_ROOT = true"
  [[ -f $ini ]] || : >"$ini" # `generate secret` wants a config file to exist
  tmp=$(mktemp "$GITEA_STATE/custom/conf/.app.ini.XXXX")
  cat >"$tmp" <<INI
; Generated by packages/devcluster (devcluster gitea up); regenerated on every up.
APP_NAME = Paasport local Gitea
RUN_MODE = prod
RUN_USER = $(id -un)
WORK_PATH = $GITEA_STATE
$root_line

[server]
PROTOCOL = http
HTTP_ADDR = 127.0.0.1
HTTP_PORT = $GITEA_PORT
DOMAIN = 127.0.0.1
ROOT_URL = $GITEA_URL/
DISABLE_SSH = true
START_SSH_SERVER = false
LFS_START_SERVER = false
; No CDN, avatars or fonts from the internet: this machine may have none.
OFFLINE_MODE = true
; Built without the bindata tag: templates, options and public assets are read
; from the module source the binary was built from.
STATIC_ROOT_PATH = $GITEA_DIR/src
APP_DATA_PATH = $GITEA_STATE/data

[database]
DB_TYPE = sqlite3
PATH = $GITEA_STATE/data/gitea.db
SQLITE_JOURNAL_MODE = WAL

[repository]
ROOT = $GITEA_STATE/data/gitea-repositories
DEFAULT_BRANCH = main

[security]
INSTALL_LOCK = true
SECRET_KEY = $(gitea_secret SECRET_KEY)
INTERNAL_TOKEN = $(gitea_secret INTERNAL_TOKEN)

[oauth2]
; Gitea is the local OpenID Connect issuer (/.well-known/openid-configuration);
; ID tokens are signed with RS256 by a key kept in APP_DATA_PATH/jwt.
ENABLED = true
; Kept, like the secrets above: Gitea would otherwise write a new one into this
; file, which every up regenerates.
JWT_SECRET = $(gitea_secret JWT_SECRET)

[service]
DISABLE_REGISTRATION = true
REQUIRE_SIGNIN_VIEW = false
DEFAULT_ALLOW_CREATE_ORGANIZATION = true

[webhook]
; Pipelines' event listeners in the local clusters are reached through loopback.
ALLOWED_HOST_LIST = loopback
DELIVER_TIMEOUT = 5

[actions]
; No runner on this machine; workflow files are stored, not run.
ENABLED = false

[indexer]
REPO_INDEXER_ENABLED = false

[cron.update_checker]
ENABLED = false

[mailer]
ENABLED = false

[cache]
ADAPTER = memory

[session]
PROVIDER = memory

[log]
MODE = file
LEVEL = Info
ROOT_PATH = $GITEA_STATE/log
INI
  chmod 600 "$tmp"
  # A running server reads app.ini only when it starts: `up` restarts it on a change.
  cmp -s "$tmp" "$ini" || GITEA_CONFIG_CHANGED=1
  mv -f "$tmp" "$ini"
}

start_gitea() {
  gitea_alive && return 0
  if (exec 3<>"/dev/tcp/127.0.0.1/$GITEA_PORT") 2>/dev/null; then
    die "port $GITEA_PORT is already in use by another process; set DEVCLUSTER_GITEA_PORT"
  fi
  local lf="$GITEA_STATE/log/stdout.log"
  [[ -s $lf ]] && mv -f "$lf" "$lf.prev"
  setsid nohup "$GITEA_BIN" web --config "$GITEA_STATE/custom/conf/app.ini" \
    --work-path "$GITEA_STATE" --custom-path "$GITEA_STATE/custom" >"$lf" 2>&1 </dev/null &
  echo "$! $GITEA_BIN" >"$(gitea_pidfile)"
}

# The admin's API token and the organisation: publish:gitea creates
# repositories under an organisation and refuses plain users as owners.
ensure_gitea_admin() {
  local out code
  if [[ -s $GITEA_STATE/admin.token ]]; then
    out=$(gitea_api GET /user)
    [[ ${out##*$'\n'} == 200 ]] || rm -f "$GITEA_STATE/admin.token"
  fi
  if [[ ! -s $GITEA_STATE/admin.token ]]; then
    # A token name must be unique per user; the timestamp keeps re-issues apart.
    out=$(gitea_cli admin user generate-access-token --username "$GITEA_ADMIN" \
      --token-name "paasport-$(date +%s)" --scopes all --raw) ||
      die "could not issue a Gitea token for $GITEA_ADMIN"
    (umask 077 && echo "${out##*$'\n'}" >"$GITEA_STATE/admin.token")
  fi
  out=$(gitea_api GET "/orgs/$GITEA_ORG")
  code=${out##*$'\n'}
  if [[ $code == 404 ]]; then
    out=$(gitea_api POST /orgs "{\"username\":\"$GITEA_ORG\",\"full_name\":\"Paasport services\",\"visibility\":\"public\"}")
    code=${out##*$'\n'}
    [[ $code == 201 ]] || die "could not create organisation $GITEA_ORG: HTTP $code ${out%$'\n'*}"
    log "gitea: created organisation $GITEA_ORG"
  elif [[ $code != 200 ]]; then
    die "could not read organisation $GITEA_ORG: HTTP $code ${out%$'\n'*}"
  fi
}

# gitea_field JSON KEY: the value of a string or number field of a flat JSON
# object (Gitea's answers are one line; no jq on a fresh machine).
gitea_field() {
  sed -n "s/.*\"$2\":\"\{0,1\}\([^\",]*\)\"\{0,1\}[,}].*/\1/p" <<<"$1" | head -n1
}

# The demo people (GITEA_DEMO_USERS) as Gitea users with the catalog's emails
# and a password generated once into $GITEA_STATE/users/<name>.password; an
# existing user whose email or password drifted is put back.
ensure_gitea_demo_users() {
  local entry name email pwfile pw out code body
  mkdir -p "$GITEA_STATE/users"
  chmod 700 "$GITEA_STATE/users"
  for entry in $GITEA_DEMO_USERS; do
    name=${entry%%:*} email=${entry#*:}
    [[ $name != "$entry" && -n $email ]] || die "DEVCLUSTER_GITEA_USERS: '$entry' is not name:email"
    pwfile="$GITEA_STATE/users/$name.password"
    [[ -s $pwfile ]] || (umask 077 && openssl rand -hex 12 >"$pwfile")
    pw=$(cat "$pwfile")
    out=$(gitea_api GET "/users/$name")
    code=${out##*$'\n'}
    if [[ $code == 404 ]]; then
      body="{\"username\":\"$name\",\"email\":\"$email\",\"full_name\":\"$name\",\"password\":\"$pw\",\"must_change_password\":false,\"visibility\":\"public\"}"
      out=$(gitea_api POST /admin/users "$body")
      code=${out##*$'\n'}
      [[ $code == 201 ]] || die "could not create Gitea user $name: HTTP $code ${out%$'\n'*}"
      log "gitea: created user $name <$email>"
      continue
    fi
    [[ $code == 200 ]] || die "could not read Gitea user $name: HTTP $code ${out%$'\n'*}"
    if [[ $(gitea_field "${out%$'\n'*}" email) == "$email" ]] &&
      curl -fsS --max-time 10 -o /dev/null -u "$name:$pw" "$GITEA_URL/api/v1/user"; then
      continue
    fi
    body="{\"source_id\":0,\"login_name\":\"$name\",\"email\":\"$email\",\"password\":\"$pw\",\"must_change_password\":false,\"active\":true}"
    out=$(gitea_api PATCH "/admin/users/$name" "$body")
    code=${out##*$'\n'}
    [[ $code == 200 ]] || die "could not update Gitea user $name: HTTP $code ${out%$'\n'*}"
    log "gitea: reset user $name <$email> to its password in $pwfile"
  done
}

# gitea_client_secret_ok ID SECRET: whether Gitea accepts the client's secret.
# A token request with a made-up code: Gitea checks the client and its secret
# first and answers "invalid client secret" (or invalid_client) only for those.
gitea_client_secret_ok() {
  local out
  out=$(curl -sS --max-time 10 --data-urlencode grant_type=authorization_code \
    --data-urlencode code=paasport-secret-check --data-urlencode "client_id=$1" \
    --data-urlencode "client_secret=$2" --data-urlencode "redirect_uri=${GITEA_OIDC_REDIRECT_URIS%% *}" \
    "$GITEA_URL/login/oauth/access_token") || return 1
  ! grep -qiE 'client secret|invalid_client' <<<"$out"
}

# The portal as a confidential OAuth2 client of the admin. Its client id and
# secret are kept in $GITEA_STATE/oidc/; Gitea shows a secret only when it
# makes one, so the application is updated (a new secret) only when the kept
# one is missing or refused, or its redirect URIs changed.
ensure_gitea_oidc_client() {
  local dir="$GITEA_STATE/oidc" uris="" uri out code app id client_id secret body
  mkdir -p "$dir"
  chmod 700 "$dir"
  for uri in $GITEA_OIDC_REDIRECT_URIS; do uris+="${uris:+,}\"$uri\""; done
  body="{\"name\":\"$GITEA_OIDC_APP\",\"confidential_client\":true,\"redirect_uris\":[$uris]}"
  out=$(gitea_api GET "/user/applications/oauth2?limit=50")
  code=${out##*$'\n'}
  [[ $code == 200 ]] || die "could not list Gitea OAuth2 applications: HTTP $code ${out%$'\n'*}"
  # The objects of this list have no nested objects.
  app=$(grep -o "{[^{}]*\"name\":\"$GITEA_OIDC_APP\"[^{}]*}" <<<"${out%$'\n'*}" | head -n1 || true)
  if [[ -z $app ]]; then
    out=$(gitea_api POST /user/applications/oauth2 "$body")
    code=${out##*$'\n'}
    [[ $code == 201 ]] || die "could not create the Gitea OAuth2 application: HTTP $code ${out%$'\n'*}"
    log "gitea: created OAuth2 application '$GITEA_OIDC_APP'"
  else
    id=$(gitea_field "$app" id)
    client_id=$(gitea_field "$app" client_id)
    if [[ -s $dir/client_id && -s $dir/client_secret && $(cat "$dir/client_id") == "$client_id" ]] &&
      grep -qF "\"redirect_uris\":[$uris]" <<<"$app" && grep -qF '"confidential_client":true' <<<"$app" &&
      gitea_client_secret_ok "$client_id" "$(cat "$dir/client_secret")"; then
      return 0
    fi
    out=$(gitea_api PATCH "/user/applications/oauth2/$id" "$body")
    code=${out##*$'\n'}
    [[ $code == 200 ]] || die "could not update the Gitea OAuth2 application: HTTP $code ${out%$'\n'*}"
    log "gitea: updated OAuth2 application '$GITEA_OIDC_APP' (new client secret)"
  fi
  client_id=$(gitea_field "${out%$'\n'*}" client_id)
  secret=$(gitea_field "${out%$'\n'*}" client_secret)
  [[ -n $client_id && -n $secret ]] || die "Gitea returned no client id or secret for '$GITEA_OIDC_APP'"
  (umask 077 && echo "$client_id" >"$dir/client_id.tmp" && echo "$secret" >"$dir/client_secret.tmp")
  mv -f "$dir/client_id.tmp" "$dir/client_id"
  mv -f "$dir/client_secret.tmp" "$dir/client_secret"
}

# Backstage config for the portal: publish:gitea and the URL reader authenticate
# with basic auth; Gitea accepts an access token in place of the password.
write_gitea_app_config() {
  local tmp
  tmp=$(mktemp "$GITEA_STATE/.app-config.XXXX")
  cat >"$tmp" <<YAML
# Generated by packages/devcluster (devcluster gitea up); regenerated on every up.
# Load it after app-config.yaml: --config app-config.yaml --config \$PAASPORT_GITEA_CONFIG
integrations:
  gitea:
    - host: 127.0.0.1:$GITEA_PORT
      baseUrl: $GITEA_URL
      username: $GITEA_ADMIN
      password: $(cat "$GITEA_STATE/admin.token")
# Where the software templates publish: they read these through
# \${{ environment.parameters.* }}; the integration serving repoHost (Gitea
# here) decides which publish action runs.
scaffolder:
  defaultEnvironment:
    parameters:
      repoHost: 127.0.0.1:$GITEA_PORT
      repoOwner: $GITEA_ORG
YAML
  chmod 600 "$tmp"
  mv -f "$tmp" "$GITEA_STATE/app-config.gitea.yaml"
}

cmd_gitea_up() {
  local t0 t
  t0=$(now)
  mkdir -p "$GITEA_STATE"
  chmod 700 "$GITEA_STATE"
  command -v openssl >/dev/null || die "openssl not found"
  command -v curl >/dev/null || die "curl not found"
  command -v git >/dev/null || die "git not found (Gitea needs it for repositories)"
  t=$(now)
  build_gitea
  log "gitea: binary ready in $(elapsed "$t")s ($GITEA_BIN)"
  t=$(now)
  GITEA_CONFIG_CHANGED=
  write_gitea_config
  if [[ -n $GITEA_CONFIG_CHANGED ]] && gitea_alive; then
    log "gitea: app.ini changed, restarting the server"
    cmd_gitea_down
  fi
  if ! gitea_alive; then
    # Schema migrations before the first start, so that the admin user can be
    # created with the CLI without racing the server for the SQLite file.
    gitea_cli migrate >"$GITEA_STATE/log/migrate.log" 2>&1 ||
      { tail -n 20 "$GITEA_STATE/log/migrate.log" >&2; die "gitea migrate failed"; }
  fi
  log "gitea: configured and migrated in $(elapsed "$t")s"
  t=$(now)
  [[ -s $GITEA_STATE/admin.password ]] || ensure_gitea_admin_user_only
  start_gitea
  wait_for "gitea /api/healthz" 60 "$GITEA_STATE/log/stdout.log" gitea_healthy || die "gitea did not start"
  log "gitea: serving $GITEA_URL in $(elapsed "$t")s"
  t=$(now)
  ensure_gitea_admin
  write_gitea_app_config
  log "gitea: admin $GITEA_ADMIN, token and organisation $GITEA_ORG ready in $(elapsed "$t")s"
  t=$(now)
  ensure_gitea_demo_users
  ensure_gitea_oidc_client
  curl -fsS --max-time 5 -o /dev/null "$GITEA_URL/.well-known/openid-configuration" ||
    die "gitea: $GITEA_URL/.well-known/openid-configuration does not answer"
  log "gitea: OpenID Connect issuer, demo users and the portal's client ready in $(elapsed "$t")s"
  log "gitea: up in $(elapsed "$t0")s"
  echo
  echo "  gitea $GITEA_URL  (admin $GITEA_ADMIN, organisation $GITEA_ORG)"
  echo "  sign-in users: $GITEA_STATE/users/<name>.password"
  echo "  eval \"\$($DEVCLUSTER_HOME/bin/devcluster gitea env)\"   # PAASPORT_GITEA_URL, PAASPORT_GITEA_CONFIG, ..."
}

# Only the user (CLI, before the server holds the database); token and org
# need the API and follow once the server answers.
ensure_gitea_admin_user_only() {
  local pw
  pw=$(openssl rand -hex 16)
  gitea_cli admin user create --username "$GITEA_ADMIN" --password "$pw" \
    --email "$GITEA_ADMIN@paasport.local" --admin --must-change-password=false \
    >>"$GITEA_STATE/log/migrate.log" 2>&1 ||
    { tail -n 20 "$GITEA_STATE/log/migrate.log" >&2; die "could not create the Gitea admin user"; }
  (umask 077 && echo "$pw" >"$GITEA_STATE/admin.password")
}

cmd_gitea_down() {
  local pid i
  if gitea_alive; then
    read -r pid _ <"$(gitea_pidfile)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      gitea_alive || break
      sleep 0.2
    done
    if gitea_alive; then kill -KILL "$pid" 2>/dev/null || true; fi
    log "gitea: stopped"
  fi
  rm -f "$(gitea_pidfile)"
  if [[ ${1:-} == --purge ]]; then
    [[ -f $GITEA_STATE/custom/conf/app.ini ]] || die "refusing to delete '$GITEA_STATE': no Gitea state there"
    rm -rf "$GITEA_STATE"
    log "gitea: deleted $GITEA_STATE (repositories, users, tokens)"
  fi
}

cmd_gitea_status() {
  local out rss
  if ! gitea_alive; then
    echo "gitea: DOWN ($GITEA_URL; start with: devcluster gitea up)"
    return 1
  fi
  rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$(cut -d' ' -f1 "$(gitea_pidfile)")/status")
  if ! gitea_healthy; then
    echo "gitea: process up (${rss} MiB RSS) but $GITEA_URL/api/healthz fails (log: $GITEA_STATE/log)"
    return 1
  fi
  out=$(curl -fsS --max-time 3 "$GITEA_URL/api/v1/version" | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')
  echo "gitea: up $GITEA_URL (version ${out:-?}, ${rss} MiB RSS)"
  out=$(gitea_api GET "/orgs/$GITEA_ORG/repos?limit=50")
  if [[ ${out##*$'\n'} == 200 ]]; then
    echo "  organisation $GITEA_ORG: $(grep -o '"full_name":"[^"]*"' <<<"${out%$'\n'*}" | wc -l) repositories"
  else
    echo "  organisation $GITEA_ORG: HTTP ${out##*$'\n'} (run: devcluster gitea up)"
  fi
  if [[ -s $GITEA_STATE/oidc/client_id ]] &&
    curl -fsS --max-time 3 -o /dev/null "$GITEA_URL/.well-known/openid-configuration"; then
    echo "  OpenID Connect issuer: client $(cat "$GITEA_STATE/oidc/client_id"), users: $(cd "$GITEA_STATE/users" 2>/dev/null && ls -- *.password 2>/dev/null | sed 's/\.password$//' | tr '\n' ' ')"
  else
    echo "  OpenID Connect issuer: not set up (run: devcluster gitea up)"
  fi
}

cmd_gitea_env() {
  local dir="$GITEA_STATE/oidc"
  echo "export PAASPORT_GITEA_URL=$GITEA_URL"
  echo "export PAASPORT_GITEA_CONFIG=$GITEA_STATE/app-config.gitea.yaml"
  echo "export PAASPORT_GITEA_ORG=$GITEA_ORG"
  echo "export PAASPORT_GITEA_USER=$GITEA_ADMIN"
  echo "export PAASPORT_GITEA_TOKEN_FILE=$GITEA_STATE/admin.token"
  # The demo people's passwords: <dir>/<name>.password.
  echo "export PAASPORT_GITEA_USERS_DIR=$GITEA_STATE/users"
  # What the portal's oidc sign-in provider reads (the names of
  # app-config.production.yaml), once `gitea up` has registered the client.
  if [[ -s $dir/client_id && -s $dir/client_secret ]]; then
    echo "export AUTH_OIDC_METADATA_URL=$GITEA_URL/.well-known/openid-configuration"
    echo "export AUTH_OIDC_CLIENT_ID=$(cat "$dir/client_id")"
    echo "export AUTH_OIDC_CLIENT_SECRET=$(cat "$dir/client_secret")"
  fi
}

cmd_gitea() {
  local sub=${1:-}
  [[ $# -gt 0 ]] && shift
  case $sub in
    up) cmd_gitea_up "$@" ;;
    down) cmd_gitea_down "$@" ;;
    status) cmd_gitea_status "$@" ;;
    env) cmd_gitea_env "$@" ;;
    build) build_gitea ;;
    *) die "usage: devcluster gitea up|down [--purge]|status|env|build" ;;
  esac
}
