import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeDecommissionApi,
  legacySystem,
  runOf,
} from './__testUtils__/fixtures';
import { renderWithApi } from './__testUtils__/renderDialog';
import { decommissionApiRef } from './api';
import { decommissionPlugin, EntityDecommissionCard } from './plugin';

jest.setTimeout(30_000);

describe('decommission plugin in a legacy app', () => {
  it('registers the API', () => {
    expect([...decommissionPlugin.getApis()].map(f => f.api.id)).toEqual([
      decommissionApiRef.id,
    ]);
  });

  it('shows the card with the last run, and its button opens the preview', async () => {
    const api = fakeDecommissionApi({
      listRuns: jest.fn(async () => [runOf('succeeded', () => ({}))]),
    });
    await renderWithApi(
      <EntityProvider entity={legacySystem}>
        <EntityDecommissionCard />
      </EntityProvider>,
      { api },
    );
    expect(
      await screen.findByText(/Last decommission: succeeded/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Decommission' }));
    expect(
      await screen.findByRole('dialog', { name: 'Decommission legacy' }),
    ).toBeInTheDocument();
    expect(api.getPreview).toHaveBeenCalledWith('system:default/legacy');
  });
});
