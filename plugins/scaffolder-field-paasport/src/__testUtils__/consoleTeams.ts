import { mockApis } from '@backstage/test-utils';
import { ConsoleClient } from '@paasport/plugin-console-common';

/** The console backend's `GET /teams/mine` URL as the client asks it. */
export const MY_TEAMS_URL = 'http://backstage:7007/api/console/teams/mine';

/**
 * The console's real client over a fetch that answers `GET /teams/mine`
 * with `body` and `status` (and 404 to anything else), in the shape the
 * backend's error handler gives errors, so the client's own parsing runs.
 */
export function consoleAnswering(
  answer: () => Promise<{ status: number; body: object }>,
): { api: ConsoleClient; fetch: jest.Mock } {
  const fetch = jest.fn(async (url: string) => {
    const { status, body } =
      url === MY_TEAMS_URL ? await answer() : { status: 404, body: {} };
    const text = JSON.stringify(body);
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: status === 200 ? 'OK' : 'Service Unavailable',
      headers: new Headers({ 'content-type': 'application/json' }),
      json: async () => JSON.parse(text),
      text: async () => text,
    };
  });
  const api = new ConsoleClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi: { fetch } as any,
  });
  return { api, fetch };
}

/** `consoleAnswering` with a 200 answer of the person's teams. */
export function consoleWithTeams(teams: string[], admin = false) {
  return consoleAnswering(async () => ({
    status: 200,
    body: { userEntityRef: 'user:default/someone', teams, admin },
  }));
}

/** A backend error body as `@backstage/backend-defaults` writes it. */
export function errorBody(status: number, message: string) {
  return {
    error: { name: 'ServiceUnavailableError', message },
    request: { method: 'GET', url: '/teams/mine' },
    response: { statusCode: status },
  };
}
