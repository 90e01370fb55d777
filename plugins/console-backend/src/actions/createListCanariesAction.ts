import { AuthService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CanaryService } from '../canary/CanaryService';
import {
  entityRefField,
  entityRefInput,
  requireUser,
  SchemaZod,
} from './actionInput';
import { canaryOverview, canaryOverviewShape } from './canaryOutput';

/**
 * Registers `list-canaries`: the canary releases of a Component or of a
 * System's Components, running ones first, read as the person asking
 * through the same {@link CanaryService} call as `GET .../canaries`.
 *
 * @internal
 */
export function createListCanariesAction(options: {
  actionsRegistry: ActionsRegistryService;
  auth: Pick<AuthService, 'isPrincipal'>;
  canaries: Pick<CanaryService, 'list'>;
}) {
  const { actionsRegistry, auth, canaries } = options;
  actionsRegistry.register({
    name: 'list-canaries',
    title: 'List canary releases',
    description: `Lists the canary releases of a Component or of a System's Components: running ones first, then past ones, newest first (the last 20 per Component).
Each gives its phase, the step weights with the current target and the actual weight, where it is as a sentence, the new images, how it ended, who started it and when. For verdicts and history, pass its id to get-canary. Environment variable names and values are never included.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: (z: SchemaZod) =>
        z.object({
          entityRef: entityRefField(z),
        }),
      output: (z: SchemaZod) =>
        z.object({
          canaries: z.array(z.object(canaryOverviewShape(z))),
        }),
    },
    examples: [
      {
        title: 'Canary releases of shop-web',
        input: { entityRef: 'component:default/shop-web' },
      },
    ],
    action: async ({ input, credentials }) => {
      const user = requireUser(auth, credentials, 'list-canaries');
      const entity = entityRefInput(input.entityRef, ['component', 'system']);
      const { canaries: list } = await canaries.list(entity, user);
      return { output: { canaries: list.map(canaryOverview) } };
    },
  });
}
