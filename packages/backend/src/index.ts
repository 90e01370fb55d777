/*
 * Hi!
 *
 * Note that this is an EXAMPLE Backstage backend. Please check the README.
 *
 * Happy hacking!
 */

import { createBackend } from '@backstage/backend-defaults';
import { authModuleOidcProvider } from './auth/authModuleOidcProvider';
import { searchModuleLunrEngine } from './search/searchModuleLunrEngine';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitea'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
// Paasport's scaffolder actions: validation, team namespaces, server-side apply,
// Tekton pipeline + Gitea webhook, undo of failed tasks.
backend.add(import('@paasport/plugin-scaffolder-backend-module-paasport'));

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// See https://backstage.io/docs/auth/guest/provider
// OpenID Connect sign-in (auth.providers.oidc): production's identity provider,
// the local Gitea in development. The oidc module's authenticator and resolvers;
// see ./auth/authModuleOidcProvider for why not the module itself.
backend.add(authModuleOidcProvider);

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Paasport's model checks and discovery of workloads from the clusters.
backend.add(import('@paasport/plugin-catalog-backend-module-paasport'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// Admins do everything, owners act on what they own, everyone reads.
backend.add(
  import('@paasport/plugin-permission-backend-module-paasport-policy'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));
// Without PostgreSQL (SQLite, locally): the in-memory engine, answering a
// result type that has no documents yet (TechDocs: no entity has docs) with
// no results instead of a 500.
backend.add(searchModuleLunrEngine);

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Paasport: the application console (releases, logs, metrics, rollback) and the
// middleware marketplace.
backend.add(import('@paasport/plugin-console-backend'));
backend.add(import('@paasport/plugin-marketplace-backend'));
// Middleware through Kubernetes operators (Strimzi, mariadb-operator, OT Redis).
backend.add(import('@paasport/plugin-marketplace-backend-module-operators'));
// Decommission of services and applications: preview, then removal everywhere.
backend.add(import('@paasport/plugin-decommission-backend'));

backend.start();
