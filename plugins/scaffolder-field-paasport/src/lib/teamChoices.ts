import { ResponseError } from '@backstage/errors';
import { MyTeamsResponse } from '@paasport/plugin-console-common';

/**
 * What the team field offers and accepts: the person's trusted teams as the
 * console answers them (`GET /api/console/teams/mine`, from the application
 * model's memberships — the rule `paasport:service:validate` applies — never
 * the sign-in token's claims).
 */
export type TeamChoices = Pick<MyTeamsResponse, 'teams' | 'admin'>;

/**
 * A team as the form may hold it (`storefront`, `group:storefront`,
 * `group:default/storefront`) as the full lower-case ref the backend lists,
 * the way the scaffolder actions read it (default kind Group, namespace
 * default).
 */
export function teamRef(value: string): string {
  const lower = value.trim().toLocaleLowerCase('en-US');
  const colon = lower.indexOf(':');
  const kind = colon < 0 ? 'group' : lower.slice(0, colon);
  // With no colon, slice(0): the whole value is the name (and namespace).
  const rest = lower.slice(colon + 1);
  return `${kind}:${rest.includes('/') ? rest : `default/${rest}`}`;
}

/**
 * What someone in no team is told: they cannot choose any team, and who can
 * change that.
 */
export const NO_TEAM_MESSAGE =
  'You are in no team yet, so you cannot create a service for one: a platform admin adds you to your team in the organisation catalog';

/**
 * Why `value` cannot be the owning team, in one sentence without the final
 * period, or undefined when it is one of the person's teams. The form offers
 * and accepts the person's own teams only, admins included: an admin's other
 * choices could not be checked here (which Groups are trusted teams is the
 * backend's to say), and the task would refuse a Group that is no team.
 */
export function teamProblem(
  value: string,
  choices: TeamChoices,
): string | undefined {
  const ref = teamRef(value);
  if (choices.teams.includes(ref)) return undefined;
  if (!choices.teams.length) return NO_TEAM_MESSAGE;
  const yours = `choose one of your teams (${choices.teams.join(', ')})`;
  if (choices.admin) {
    return `${ref} is not one of your teams: this form creates services for the teams you are in; ${yours}`;
  }
  return `You are not a member of ${ref}: only its members and portal admins may create services for it; ${yours}`;
}

/**
 * Why the portal could not answer, in the backend's own words where it gave
 * some (a `ResponseError`'s message is only "Request failed with 503 …").
 */
export function unansweredReason(error: Error): string {
  if (ResponseError.is(error)) {
    const said = error.cause.message;
    return `the portal answered ${error.statusCode}${said ? `: ${said}` : ''}`;
  }
  return error.message;
}
