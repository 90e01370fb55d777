import { AuthService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { canaryIdSchema } from '@paasport/plugin-console-common';
import { CanaryService } from '../canary/CanaryService';
import { parseInput } from '../router/validation';
import { requireUser, SchemaZod } from './actionInput';
import {
  canaryDetailOutputSchema,
  canaryDetailOverview,
} from './canaryDetailOutput';

/**
 * Registers `get-canary`: one canary release with its verdicts and history,
 * read as the person asking through the same {@link CanaryService} call as
 * `GET /canaries/:id` (an id of a Component they cannot see is not found).
 *
 * @internal
 */
export function createGetCanaryAction(options: {
  actionsRegistry: ActionsRegistryService;
  auth: Pick<AuthService, 'isPrincipal'>;
  canaries: Pick<CanaryService, 'get'>;
}) {
  const { actionsRegistry, auth, canaries } = options;
  actionsRegistry.register({
    name: 'get-canary',
    title: 'Get a canary release',
    description: `Shows one canary release: what list-canaries gives, plus the failed analyses against their limit, every verdict (per step and metric: pass, fail or inconclusive, the median of the canary and of the stable track, the rank test's p-value and the reason in words) and the history of events.
Inconclusive is never a pass: the canary then waits for a person. Environment variable names and values are never included.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: (z: SchemaZod) =>
        z.object({
          id: z
            .string()
            .uuid()
            .describe('The canary id, from list-canaries or get-releases'),
        }),
      output: canaryDetailOutputSchema,
    },
    examples: [
      {
        title: 'Verdicts and history of a canary found with list-canaries',
        input: { id: '3f0c9a52-6d1e-4b7a-9c2f-8e4d5a6b7c10' },
      },
    ],
    action: async ({ input, credentials }) => {
      const user = requireUser(auth, credentials, 'get-canary');
      const { id } = parseInput(canaryIdSchema, { id: input.id }, 'canary id');
      return { output: canaryDetailOverview(await canaries.get(id, user)) };
    },
  });
}
