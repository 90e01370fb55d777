# syntax=docker/dockerfile:1
# Paasport's two images, built from the repository root:
#
#   docker build --target backend -t paasport-backend .   # the portal (default target)
#   docker build --target broker  -t paasport-broker  .   # the shared middleware broker
#
# Multi-stage: every dependency in the build stages, then only the bundle and
# its production dependencies on Node 22, run as the unprivileged `node` user.
# The build stages run `scripts/production.sh stage`, the same staging that
# `./paasport production` runs on a machine without Docker (and CI with it), so
# what is tested is what the images hold. Settings: the root README
# ("Production") and deploy/README.md.

# --- the package.json files alone: the dependency layer below stays cached
# while only sources change.
FROM node:22-bookworm-slim AS skeleton
WORKDIR /src
COPY packages packages
COPY plugins plugins
RUN find packages plugins -mindepth 2 -maxdepth 2 ! -name package.json -exec rm -rf {} +

# --- every dependency, and the sources.
FROM node:22-bookworm-slim AS build
# Native modules (better-sqlite3, isolated-vm) compile where no prebuilt fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 g++ make \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json yarn.lock .yarnrc.yml backstage.json ./
COPY .yarn/releases .yarn/releases
COPY --from=skeleton /src .
RUN --mount=type=cache,target=/root/.yarn/berry/cache \
  yarn install --immutable
COPY . .

# --- each bundle staged with production dependencies only.
FROM build AS broker-build
RUN yarn workspace broker build && bash scripts/production.sh stage /app broker

FROM build AS backend-build
RUN yarn build:backend && bash scripts/production.sh stage /app backend

# --- the broker: an OSB API broker for shared MySQL/MariaDB and Redis.
FROM node:22-bookworm-slim AS broker
# In a container the broker listens on every interface.
ENV NODE_ENV=production BROKER_HOST=0.0.0.0
WORKDIR /app
COPY --from=broker-build --chown=node:node /app /app
USER node
EXPOSE 7080
CMD ["node", "packages/broker"]

# --- the portal: the backend bundle serving the built frontend.
FROM node:22-bookworm-slim AS backend
ENV NODE_ENV=production
WORKDIR /app
COPY --from=backend-build --chown=node:node /app /app
USER node
EXPOSE 7007
CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
