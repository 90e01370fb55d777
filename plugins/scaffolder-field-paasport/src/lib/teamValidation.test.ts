import { TestApiRegistry } from '@backstage/test-utils';
import { consoleApiRef } from '@paasport/plugin-paasport-react';
import {
  consoleAnswering,
  consoleWithTeams,
  errorBody,
} from '../__testUtils__/consoleTeams';
import { teamValidation } from './teamValidation';

/** Runs the validation as the form does and returns the errors it added. */
async function validate(
  value: string,
  consoleApi?: ReturnType<typeof consoleAnswering>,
) {
  const addError = jest.fn();
  const apiHolder = consoleApi
    ? TestApiRegistry.from([consoleApiRef, consoleApi.api])
    : TestApiRegistry.from();
  await teamValidation(
    value,
    { addError } as any,
    { apiHolder, formData: {}, schema: {} } as any,
  );
  return addError.mock.calls.map(([message]) => message);
}

describe('teamValidation', () => {
  const guest = () => consoleWithTeams(['group:default/storefront']);

  it('accepts one of the person’s teams, however the form spells it', async () => {
    expect(await validate('group:default/storefront', guest())).toEqual([]);
    expect(await validate('Storefront', guest())).toEqual([]);
  });

  it('refuses a team the person is not in, naming it and their teams', async () => {
    expect(await validate('group:default/payments', guest())).toEqual([
      'You are not a member of group:default/payments: only its members and portal admins may create services for it; choose one of your teams (group:default/storefront)',
    ]);
  });

  it('holds an admin to their own teams too', async () => {
    const admin = () => consoleWithTeams(['group:default/platform'], true);
    expect(await validate('group:default/platform', admin())).toEqual([]);
    expect(await validate('group:default/payments', admin())).toEqual([
      'group:default/payments is not one of your teams: this form creates services for the teams you are in; choose one of your teams (group:default/platform)',
    ]);
  });

  it('tells someone in no team why no team passes', async () => {
    expect(
      await validate('group:default/storefront', consoleWithTeams([])),
    ).toEqual([
      'You are in no team yet, so you cannot create a service for one: a platform admin adds you to your team in the organisation catalog',
    ]);
  });

  it('does not let an unchecked team through when the portal cannot answer', async () => {
    const offline = consoleAnswering(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await validate('group:default/storefront', offline)).toEqual([
      'Could not check the team: Failed to fetch; try again',
    ]);
    const failing = consoleAnswering(async () => ({
      status: 503,
      body: errorBody(503, 'catalog unavailable'),
    }));
    expect(await validate('group:default/storefront', failing)).toEqual([
      'Could not check the team: the portal answered 503: catalog unavailable; try again',
    ]);
  });

  it('refuses when no console is installed to ask', async () => {
    expect(await validate('group:default/storefront')).toEqual([
      'The portal cannot check teams here: the console plugin is not installed',
    ]);
  });

  it('leaves an empty value to the required check', async () => {
    const consoleApi = guest();
    expect(await validate('', consoleApi)).toEqual([]);
    expect(consoleApi.fetch).not.toHaveBeenCalled();
  });
});
