import { ReleasesResponse } from '@paasport/plugin-console-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import {
  badReleaseComparison,
  releasesWithFailingProd,
  revision,
  rollbackStatus,
  workload,
} from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { ReleasesContent } from './ReleasesContent';

jest.setTimeout(20_000);

const statusOfRevision = (table: HTMLElement, number: number) => {
  const row = within(table)
    .getAllByRole('row')
    .find(
      r => within(r).queryAllByRole('cell')[0]?.textContent === String(number),
    );
  return row && within(row).getAllByRole('cell')[5].textContent;
};

describe('ReleasesContent', () => {
  it('shows the clusters that answered and an error panel for the one that did not', async () => {
    const getReleases = jest.fn(async () => releasesWithFailingProd());
    const getRevisionComparison = jest.fn(async () => badReleaseComparison());
    await renderWithEntity(<ReleasesContent refreshIntervalMs={0} />, {
      api: fakeConsoleApi({ getReleases, getRevisionComparison }),
    });
    const table = await screen.findByRole('table', {
      name: 'Revisions of shop-web on dev',
    });
    expect(getReleases).toHaveBeenCalledWith('component:default/shop-web');
    // The current revision carries its comparison with the one before it.
    await waitFor(() =>
      expect(statusOfRevision(table, 3)).toBe(
        'currentworse: errors 6.1 % vs 0.4 % · p95 490 ms vs 48 ms',
      ),
    );
    expect(getRevisionComparison).toHaveBeenCalledWith(
      'component:default/shop-web',
      {
        cluster: 'dev',
        kind: 'Deployment',
        namespace: 'storefront',
        workload: 'shop-web',
        revision: 3,
        against: undefined,
      },
    );
    expect(statusOfRevision(table, 2)).toBe('superseded');
    expect(
      screen.getByText(/Cluster prod: could not load releases/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/prod is down/).length).toBeGreaterThan(0);
    expect(
      screen.getByText(/Rollout complete · 2\/2 ready/),
    ).toBeInTheDocument();
  });

  it('says what the tenancy model keeps from view', async () => {
    const problem =
      "component:default/forged: backstage.io/kubernetes-namespace 'payments' is outside group:default/storefront's namespace storefront on dev, so nothing is shown there";
    await renderWithEntity(<ReleasesContent refreshIntervalMs={0} />, {
      api: fakeConsoleApi({
        getReleases: jest.fn(async () => ({
          ...releasesWithFailingProd(),
          problems: [problem],
        })),
      }),
    });
    expect(
      await screen.findByText('Not everything is shown'),
    ).toBeInTheDocument();
    expect(screen.getByText(problem)).toBeInTheDocument();
  });

  it('shows an error when the backend cannot answer at all', async () => {
    await renderWithEntity(<ReleasesContent refreshIntervalMs={0} />, {
      api: fakeConsoleApi({
        getReleases: jest.fn(async () => {
          throw new Error('console backend unavailable');
        }),
      }),
    });
    expect(
      (await screen.findAllByText(/console backend unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it("warns when a cluster's data may be stale", async () => {
    const stale: ReleasesResponse = {
      entityRef: 'component:default/shop-web',
      clusters: [
        {
          cluster: 'dev',
          cache: {
            synced: true,
            stale: true,
            staleSince: new Date().toISOString(),
          },
          workloads: [workload()],
        },
      ],
    };
    await renderWithEntity(<ReleasesContent refreshIntervalMs={0} />, {
      api: fakeConsoleApi({ getReleases: jest.fn(async () => stale) }),
    });
    expect(await screen.findByText(/Possibly out of date/)).toBeInTheDocument();
  });

  it('does not claim "no workloads" before a cluster has been read', async () => {
    const response: ReleasesResponse = {
      entityRef: 'component:default/shop-web',
      clusters: [
        {
          cluster: 'dev',
          cache: { synced: false, stale: false },
          workloads: [],
        },
        {
          cluster: 'prod',
          cache: { synced: true, stale: false },
          workloads: [],
        },
      ],
    };
    await renderWithEntity(<ReleasesContent refreshIntervalMs={0} />, {
      api: fakeConsoleApi({ getReleases: jest.fn(async () => response) }),
    });
    expect(
      await screen.findByText(/Still reading the state of dev/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/No workloads of this entity run on dev/),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/No workloads of this entity run on prod/),
    ).toBeInTheDocument();
  });

  it('rolls back and shows the restored template as the new current revision', async () => {
    const user = userEvent.setup();
    const after = releasesWithFailingProd();
    (after.clusters[0] as any).workloads = [
      workload({
        currentRevision: 4,
        resourceVersion: '4800',
        revisions: [
          revision(4, 'current', { images: ['registry.local/shop-web:1.2.0'] }),
          revision(3, 'superseded'),
          revision(1, 'superseded'),
        ],
      }),
    ];
    const api = fakeConsoleApi({
      getReleases: jest
        .fn()
        .mockResolvedValueOnce(releasesWithFailingProd())
        .mockResolvedValue(after),
      getReleaseDiff: jest.fn(async () => ({
        cluster: 'dev',
        kind: 'Deployment' as const,
        namespace: 'storefront',
        name: 'shop-web',
        from: 3,
        to: 2,
        changes: [],
      })),
      rollback: jest.fn(async () => ({
        outcome: 'started' as const,
        rollback: rollbackStatus({}),
      })),
      getRollback: jest.fn(async () =>
        rollbackStatus({ status: 'succeeded', newRevision: 4 }),
      ),
      getRevisionComparison: jest.fn(async (_, query) =>
        badReleaseComparison(
          Number(query.revision),
          Number(query.against ?? 3),
        ),
      ),
    });
    await renderWithEntity(
      <ReleasesContent refreshIntervalMs={0} pollIntervalMs={10} />,
      { api },
    );
    await user.click(await screen.findByRole('button', { name: 'Roll back' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back shop-web on dev',
    });
    expect(
      await within(dialog).findByText(/have the same pod template/),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole('textbox', { name: 'Reason' }));
    await user.paste('checkout broken');
    await user.click(
      within(dialog).getByRole('button', { name: 'Roll back to revision 2' }),
    );
    expect(
      await within(dialog).findByText(/Rolled back: revision 4/),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.getReleases).toHaveBeenCalledTimes(2));

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    const table = screen.getByRole('table', {
      name: 'Revisions of shop-web on dev',
    });
    // The new current revision is compared with the one before it.
    await waitFor(() =>
      expect(statusOfRevision(table, 4)).toMatch(/^currentworse: errors/),
    );
    expect(api.getRevisionComparison).toHaveBeenLastCalledWith(
      'component:default/shop-web',
      expect.objectContaining({ revision: 4, against: undefined }),
    );
    expect(statusOfRevision(table, 3)).toBe('superseded');
    // One reload for the finished rollback, not one per re-render.
    expect(api.getReleases).toHaveBeenCalledTimes(2);
  });
});
