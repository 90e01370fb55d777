import { AuthService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { releasesQuerySchema } from '@paasport/plugin-console-common';
import { ReleaseService } from '../releases/ReleaseService';
import { parseInput } from '../router/validation';
import {
  entityRefField,
  entityRefInput,
  requireUser,
  SchemaZod,
} from './actionInput';
import { releasesOutputSchema, releasesOverview } from './releasesOutput';

/**
 * Registers `get-releases`: what the Releases tab shows of a Component or
 * System, per cluster and workload, read as the person asking through the
 * same {@link ReleaseService} call as `GET .../releases`.
 *
 * @internal
 */
export function createGetReleasesAction(options: {
  actionsRegistry: ActionsRegistryService;
  auth: Pick<AuthService, 'isPrincipal'>;
  releases: Pick<ReleaseService, 'releases'>;
}) {
  const { actionsRegistry, auth, releases } = options;
  actionsRegistry.register({
    name: 'get-releases',
    title: 'Get releases',
    description: `Shows what runs where for a Component or a System (all its Components): per cluster, each Deployment and StatefulSet with its current revision, that revision's images, the rollout state, ready/desired replicas and, for a canary's Deployment, the canary id (read it with get-canary).
A cluster that cannot be read is listed with its error; the others are unaffected. \`problems\` says what the tenancy model keeps from view and why. Environment variable values are never included.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: (z: SchemaZod) =>
        z.object({
          entityRef: entityRefField(z),
          cluster: z
            .string()
            .min(1)
            .max(253)
            .optional()
            .describe('Only this cluster; default: every configured cluster'),
        }),
      output: releasesOutputSchema,
    },
    examples: [
      {
        title: 'What shop-web runs on the dev cluster',
        input: { entityRef: 'component:default/shop-web', cluster: 'dev' },
      },
    ],
    action: async ({ input, credentials }) => {
      const user = requireUser(auth, credentials, 'get-releases');
      const entity = entityRefInput(input.entityRef, ['component', 'system']);
      const query = parseInput(
        releasesQuerySchema,
        { cluster: input.cluster },
        'query',
      );
      const response = await releases.releases(entity, user, query);
      return { output: releasesOverview(response) };
    },
  });
}
