import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { consoleApiRef } from '@paasport/plugin-paasport-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import {
  consoleAnswering,
  consoleWithTeams,
  errorBody,
} from '../../__testUtils__/consoleTeams';
import { TeamField } from './TeamField';

const group = (name: string, title: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title },
  spec: { type: 'team', children: [] },
});

const catalogApi = catalogApiMock({
  entities: [
    group('storefront', 'Storefront team'),
    group('payments', 'Payments team'),
    group('platform', 'Platform team'),
  ],
});

/** The field as the form drives it; `changes` records every onChange. */
function Harness(props: { initial?: string; changes: string[] }) {
  const [value, setValue] = useState<string | undefined>(props.initial);
  return (
    <TeamField
      {...({} as any)}
      schema={{ title: 'Team', description: 'The team that owns it.' }}
      uiSchema={{}}
      idSchema={{ $id: 'root_owner' } as any}
      formData={value}
      onChange={(v: string) => {
        props.changes.push(v);
        setValue(v);
      }}
      required
    />
  );
}

async function renderField(
  consoleApi: ReturnType<typeof consoleAnswering>,
  initial?: string,
) {
  const changes: string[] = [];
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApi],
        [consoleApiRef, consoleApi.api],
      ]}
    >
      <Harness initial={initial} changes={changes} />
    </TestApiProvider>,
  );
  return changes;
}

/** Opens the select and returns the option names it offers. */
async function offeredTeams() {
  await userEvent.click(await screen.findByRole('button', { name: /Team/ }));
  const list = await screen.findByRole('listbox');
  return within(list)
    .getAllByRole('option')
    .map(option => option.textContent);
}

describe('TeamField', () => {
  it("offers only the person's teams, by title, and chooses the only one", async () => {
    const changes = await renderField(
      consoleWithTeams(['group:default/storefront']),
    );
    expect(
      await screen.findByRole('button', { name: /Storefront team/ }),
    ).toBeInTheDocument();
    expect(changes).toEqual(['group:default/storefront']);
    expect(screen.getByRole('status')).toHaveTextContent(
      'The team that owns it.',
    );
    expect(await offeredTeams()).toEqual(['Storefront team']);
  });

  it('lets someone in two teams choose, choosing nothing for them', async () => {
    const changes = await renderField(
      consoleWithTeams(['group:default/payments', 'group:default/storefront']),
    );
    expect(await offeredTeams()).toEqual(['Payments team', 'Storefront team']);
    expect(changes).toEqual([]);
    await userEvent.click(
      screen.getByRole('option', { name: 'Payments team' }),
    );
    expect(changes).toEqual(['group:default/payments']);
  });

  it("marks a team the form brought that is not the person's, saying why", async () => {
    await renderField(
      consoleWithTeams(['group:default/storefront']),
      'payments',
    );
    expect(
      await screen.findByText(
        'You are not a member of group:default/payments: only its members and portal admins may create services for it; choose one of your teams (group:default/storefront).',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /not one of your teams/ }),
    ).toBeInTheDocument();
  });

  it('tells someone in no team that they cannot create a service, and who can help', async () => {
    const changes = await renderField(consoleWithTeams([]));
    expect(
      await screen.findByText(/You are in no team yet/),
    ).toBeInTheDocument();
    expect(changes).toEqual([]);
  });

  it('offers an admin their own teams only, as it does everyone', async () => {
    await renderField(consoleWithTeams(['group:default/platform'], true));
    expect(
      await screen.findByRole('button', { name: /Platform team/ }),
    ).toBeInTheDocument();
    expect(await offeredTeams()).toEqual(['Platform team']);
  });

  it('says when the portal cannot list the teams, in its own words', async () => {
    await renderField(
      consoleAnswering(async () => ({
        status: 503,
        body: errorBody(503, 'catalog unavailable'),
      })),
    );
    expect(
      await screen.findByText(
        'Could not list your teams: the portal answered 503: catalog unavailable',
      ),
    ).toBeInTheDocument();
  });
});
