# Paasport as it runs in production: the backend bundle serving the built frontend,
# with production dependencies only, on PostgreSQL. Run through ./paasport production.
#
#   build            yarn build:backend: the backend bundle with the built frontend
#                    (packages/backend/dist/{skeleton,bundle}.tar.gz), and the
#                    broker's (packages/broker/dist)
#   stage [DIR [PKG]]  unpacks the bundle of PKG (backend, or broker) into DIR with
#                    production dependencies only (and for the backend the configs,
#                    the demo catalog and the templates): exactly what the container
#                    image holds (the root Dockerfile runs this)
#   serve            runs the staged backend (default: one replica on :7007) on the
#                    local PostgreSQL, the demo clusters, Gitea sign-in and the broker
#   (no argument)    build, stage and serve
#
# serve takes PAASPORT_REPLICAS (default 1): with 2 or more, replicas listen on
# PAASPORT_REPLICA_BASE_PORT+1… (default 7101…) behind nginx on PAASPORT_PORT (default
# 7100 then, 7007 for one replica), sharing one PostgreSQL, as a company runs it.
set -euo pipefail

root=$PWD
stage_dir=$(realpath -m "${PAASPORT_PRODUCTION_DIR:-.paasport-data/production}")

production_build() {
  local started=$SECONDS
  echo "paasport: building the backend bundle and the frontend (yarn build:backend)" >&2
  yarn build:backend >&2
  yarn workspace broker build >&2
  echo "paasport: built in $((SECONDS - started)) s: $(du -h packages/backend/dist/bundle.tar.gz | cut -f1) backend bundle, $(du -h packages/broker/dist/bundle.tar.gz | cut -f1) broker bundle" >&2
}

# Unpacks package $2's bundle into $1 with only production dependencies. The
# images' Dockerfile runs the same function, so what runs here is what they run.
production_stage() {
  local dir=${1:-$stage_dir} package=${2:-backend} from=$root
  local started=$SECONDS
  [ -s "$from/packages/$package/dist/bundle.tar.gz" ] || {
    echo "paasport: no bundle in $from/packages/$package/dist; run ./paasport production build" >&2
    return 1
  }
  echo "paasport: staging the production $package in $dir" >&2
  mkdir -p "$dir"
  # The bundle's packages replace the staged ones whole; dependencies stay if unchanged.
  rm -rf "$dir/packages" "$dir/plugins" "$dir/catalog" "$dir/templates"
  cp -r "$from/.yarn" "$dir/" 2>/dev/null || true
  rm -rf "$dir/.yarn/cache" "$dir/.yarn/install-state.gz"
  cp "$from/.yarnrc.yml" "$from/backstage.json" "$from/yarn.lock" "$from/package.json" "$dir/"
  tar xzf "$from/packages/$package/dist/skeleton.tar.gz" -C "$dir"
  # Production dependencies only (no CLI, no test tools, no dev servers).
  (cd "$dir" && NODE_ENV=production yarn workspaces focus --all --production >&2)
  tar xzf "$from/packages/$package/dist/bundle.tar.gz" -C "$dir"
  if [ "$package" = backend ]; then
    cp "$from/app-config.yaml" "$from/app-config.production.yaml" "$dir/"
    cp -r "$from/catalog" "$from/templates" "$dir/"
  fi
  echo "paasport: staged in $((SECONDS - started)) s: $(du -sh "$dir" | cut -f1) with dependencies" >&2
}

case "${1:-all}" in
  build) production_build ;;
  stage) production_stage "${2:-}" "${3:-backend}" ;;
  # The same clusters, Gitea and broker as ./paasport start (scripts/start.sh).
  serve) PAASPORT_SERVE=production exec bash scripts/start.sh ;;
  all)
    production_build
    production_stage
    PAASPORT_SERVE=production exec bash scripts/start.sh
    ;;
  *)
    echo "usage: ./paasport production [build|stage [DIR [backend|broker]]|serve]" >&2
    exit 2
    ;;
esac
