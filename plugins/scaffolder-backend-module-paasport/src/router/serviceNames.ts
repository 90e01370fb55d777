import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { serviceNameProblem } from '../actions/validate/validateService';
import { RepositoryProvider } from '../repositories/RepositoryHost';
import { repositoryHostFor } from '../repositories/repositoryHostFor';

/**
 * What `GET /paasport/service-names/:name` answers: whether the name is free
 * in the catalog and in the repository host the templates publish to.
 *
 * @public
 */
export interface ServiceNameAvailability {
  name: string;
  /** `entityRef` and `owner` of the Component that has the name, if any. */
  catalog: { free: boolean; entityRef?: string; owner?: string };
  repository:
    | { free: boolean; provider: RepositoryProvider; url?: string }
    | { unknown: string };
}

// The rule of the templates' `name` parameter (pattern, 2 to 40 characters).
const params = z.object({
  name: z.string().superRefine((name, ctx) => {
    const problem = serviceNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

/**
 * The publish repoUrl the templates would use for `name`, from
 * `scaffolder.defaultEnvironment.parameters` (repoHost, repoOwner); undefined
 * when either is not configured.
 */
export function templateRepoUrl(
  config: Config,
  name: string,
): string | undefined {
  const env = config.getOptionalConfig(
    'scaffolder.defaultEnvironment.parameters',
  );
  const host = env?.getOptionalString('repoHost');
  const owner = env?.getOptionalString('repoOwner');
  if (!host || !owner) return undefined;
  return `${host}?owner=${encodeURIComponent(owner)}&repo=${name}`;
}

/**
 * Read-only routes for the service name field: lets the form say, while the
 * user types, whether a name is free before a task is started. Creates
 * nothing, so it needs a signed-in user and no permission.
 *
 * @public
 */
export function createServiceNamesRouter(options: {
  config: Config;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  logger: LoggerService;
}): express.Router {
  const { config, httpAuth, catalog, integrations, logger } = options;
  const router = Router();
  router.get('/paasport/service-names/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const parsed = params.safeParse(req.params);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const { name } = parsed.data;
    const [catalogUse, repository] = await Promise.all([
      catalogAvailability(catalog, name, credentials),
      repositoryAvailability(config, integrations, name).catch(error => {
        // The catalog answer is still worth giving; the task's validate step
        // checks the repository again.
        logger.warn(`Could not look up repository '${name}': ${error}`);
        return { unknown: `could not reach the repository host: ${error}` };
      }),
    ]);
    const body: ServiceNameAvailability = {
      name,
      catalog: catalogUse,
      repository,
    };
    res.json(body);
  });
  return router;
}

/**
 * The Component named `name` in any namespace: the name also becomes the
 * repository and the Deployment, which have no catalog namespace.
 */
async function catalogAvailability(
  catalog: CatalogService,
  name: string,
  credentials: BackstageCredentials,
): Promise<ServiceNameAvailability['catalog']> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'Component', 'metadata.name': name },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
    },
    { credentials },
  );
  const found = items[0];
  if (!found) return { free: true };
  const owner = found.spec?.owner;
  return {
    free: false,
    entityRef: stringifyEntityRef(found),
    ...(typeof owner === 'string' ? { owner } : {}),
  };
}

async function repositoryAvailability(
  config: Config,
  integrations: ScmIntegrationRegistry,
  name: string,
): Promise<ServiceNameAvailability['repository']> {
  const repoUrl = templateRepoUrl(config, name);
  if (!repoUrl) {
    return {
      unknown:
        'scaffolder.defaultEnvironment.parameters repoHost and repoOwner are not configured',
    };
  }
  let repository: ReturnType<typeof repositoryHostFor>;
  try {
    repository = repositoryHostFor(integrations, repoUrl);
  } catch (error) {
    if (error instanceof InputError) return { unknown: error.message };
    throw error;
  }
  const { provider } = repository;
  if (!(await repository.getRepository())) return { free: true, provider };
  return { free: false, provider, url: repository.webUrl };
}
