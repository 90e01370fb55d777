import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { revision } from '../../__testUtils__/fixtures';
import { RevisionTable } from './RevisionTable';

describe('RevisionTable', () => {
  it('shows each revision with images, change cause, age, readiness and status', async () => {
    await renderInTestApp(
      <RevisionTable
        label="Revisions of shop-web on dev"
        revisions={[
          revision(4, 'rolling-out', {
            replicas: { desired: 2, ready: 1 },
            changeCause: undefined,
          }),
          revision(3, 'current'),
          revision(2, 'failed'),
          revision(1, 'superseded'),
        ]}
      />,
    );
    const table = screen.getByRole('table', {
      name: 'Revisions of shop-web on dev',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[5].textContent),
    ).toEqual(['rolling out', 'current', 'failed', 'superseded']);
    expect(within(rows[0]).getByText('1/2')).toBeInTheDocument();
    expect(within(rows[0]).getByText('not recorded')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('registry.local/shop-web:1.3.0'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('deploy 1.3.0')).toBeInTheDocument();
    expect(within(rows[1]).getByText('7 hours ago')).toBeInTheDocument();
  });
});
