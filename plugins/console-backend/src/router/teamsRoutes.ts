import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { ApplicationModel } from '@paasport/kubernetes-node';
import {
  entityPathSchema,
  MyTeamsResponse,
  TeamNamespacesResponse,
} from '@paasport/plugin-console-common';
import Router from 'express-promise-router';
import { parseInput } from './validation';

// A Group's catalog namespace and name, by the catalog's own rules.
const teamPathSchema = entityPathSchema.pick({ namespace: true, name: true });

/**
 * `GET /teams/mine`: the trusted teams of the person asking, from the
 * application model (never the token's claims), for pages that start from
 * "my services".
 *
 * `GET /teams/:namespace/:name/namespaces`: a team's namespace on every
 * cluster, with what refused any of them (claimed by another team too,
 * labelled for another team), so the team's own page can say so.
 *
 * @internal
 */
export function teamsRoutes(options: {
  httpAuth: HttpAuthService;
  entities: ApplicationModel;
}) {
  const { httpAuth, entities } = options;
  const router = Router();
  router.get('/teams/mine', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { userEntityRef } = credentials.principal;
    const [person, teams] = await Promise.all([
      entities.person(userEntityRef),
      entities.teamsOf(userEntityRef),
    ]);
    const body: MyTeamsResponse = {
      userEntityRef,
      teams: teams.map(team => team.ref).sort(),
      admin: person.admin,
    };
    res.json(body);
  });

  router.get('/teams/:namespace/:name/namespaces', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const path = parseInput(teamPathSchema, req.params, 'team');
    const ref = stringifyEntityRef({ kind: 'group', ...path });
    const team = await entities.team(ref);
    if (!team) {
      throw new NotFoundError(
        `${ref} is not a team Paasport knows (a Group from an admin-controlled catalog location)`,
      );
    }
    const held = await entities.namespacesOf(team);
    const body: TeamNamespacesResponse = {
      team: team.ref,
      clusters: held.clusters,
    };
    res.json(body);
  });
  return router;
}
