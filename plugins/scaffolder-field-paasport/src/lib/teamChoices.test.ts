import { ResponseError } from '@backstage/errors';
import { teamProblem, teamRef, unansweredReason } from './teamChoices';

describe('teamRef', () => {
  it.each([
    ['storefront', 'group:default/storefront'],
    ['Storefront', 'group:default/storefront'],
    ['group:storefront', 'group:default/storefront'],
    ['group:default/storefront', 'group:default/storefront'],
    ['Group:other/Payments', 'group:other/payments'],
    ['other/payments', 'group:other/payments'],
  ])('reads %p as %p', (value, ref) => expect(teamRef(value)).toBe(ref));
});

describe('teamProblem', () => {
  const mine = { teams: ['group:default/storefront'], admin: false };

  it('accepts one of the teams, however spelled', () => {
    expect(teamProblem('Storefront', mine)).toBeUndefined();
  });

  it('names the team and the person’s own teams otherwise', () => {
    expect(teamProblem('payments', mine)).toBe(
      'You are not a member of group:default/payments: only its members and portal admins may create services for it; choose one of your teams (group:default/storefront)',
    );
  });
});

describe('unansweredReason', () => {
  it('gives the backend’s own message of a failed response', async () => {
    const body = JSON.stringify({
      error: { name: 'NotAllowedError', message: 'no user' },
      response: { statusCode: 403 },
    });
    const error = await ResponseError.fromResponse({
      status: 403,
      statusText: 'Forbidden',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () => body,
    } as Response);
    expect(unansweredReason(error)).toBe('the portal answered 403: no user');
  });

  it('gives any other error’s message', () => {
    expect(unansweredReason(new TypeError('Failed to fetch'))).toBe(
      'Failed to fetch',
    );
  });
});
