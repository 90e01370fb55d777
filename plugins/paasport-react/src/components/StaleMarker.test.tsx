import { render, screen } from '@testing-library/react';
import { StaleMarker } from './StaleMarker';

describe('StaleMarker', () => {
  it('says since when a cluster may be out of date', () => {
    const staleSince = new Date(Date.now() - 2 * 60_000).toISOString();
    render(
      <StaleMarker cluster="prod" freshness={{ stale: true, staleSince }} />,
    );
    expect(screen.getByText('stale since 2 minutes ago')).toBeTruthy();
  });

  it('says stale without a time it does not know', () => {
    render(<StaleMarker cluster="prod" freshness={{ stale: true }} />);
    expect(screen.getByText('stale')).toBeTruthy();
  });

  it('shows nothing for a fresh cluster or one it knows nothing about', () => {
    const { container } = render(
      <>
        <StaleMarker cluster="dev" freshness={{ stale: false }} />
        <StaleMarker cluster="stage" />
      </>,
    );
    expect(container.innerHTML).toBe('');
  });
});
