import { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { TeamNamespacesCard } from './TeamNamespacesCard';

const storefront: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'storefront', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const rowOf = (cluster: string) =>
  screen.getByRole('cell', { name: cluster }).closest('tr') as HTMLElement;

describe('TeamNamespacesCard', () => {
  it("shows the team's namespace per cluster and why a refused one is refused", async () => {
    const refusal =
      'namespace storefront on prod is claimed by group:default/storefront and by group:default/copycat; it is refused to all of them until only one claims it';
    const getTeamNamespaces = jest.fn(async () => ({
      team: 'group:default/storefront',
      clusters: [
        { cluster: 'dev', namespace: 'storefront', status: 'held' as const },
        {
          cluster: 'prod',
          namespace: 'storefront',
          status: 'refused' as const,
          message: refusal,
        },
      ],
    }));
    await renderWithEntity(<TeamNamespacesCard refreshIntervalMs={0} />, {
      api: { getTeamNamespaces },
      entity: storefront,
    });
    expect(
      await screen.findByRole('table', { name: 'Team namespaces per cluster' }),
    ).toBeInTheDocument();
    expect(getTeamNamespaces).toHaveBeenCalledWith('group:default/storefront');
    expect(within(rowOf('dev')).getByText('in use')).toBeInTheDocument();
    expect(within(rowOf('prod')).getByText('refused')).toBeInTheDocument();
    expect(within(rowOf('prod')).getByText(refusal)).toBeInTheDocument();
    expect(
      screen.getByText(/1 namespace is refused to this team/),
    ).toBeInTheDocument();
  });

  it('says what to do when the team claims no namespace', async () => {
    await renderWithEntity(<TeamNamespacesCard refreshIntervalMs={0} />, {
      api: {
        getTeamNamespaces: async () => ({
          team: 'group:default/storefront',
          clusters: [],
        }),
      },
      entity: storefront,
    });
    expect(
      await screen.findByText(/claims no namespace on any cluster/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the error of a Group that is no team', async () => {
    await renderWithEntity(<TeamNamespacesCard refreshIntervalMs={0} />, {
      api: {
        getTeamNamespaces: async () => {
          throw new Error(
            'group:default/intruders is not a team Paasport knows',
          );
        },
      },
      entity: storefront,
    });
    expect(
      (await screen.findAllByText(/is not a team Paasport knows/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
