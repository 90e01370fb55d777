import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { LogEntry } from '../../hooks/useLogStream';
import { parseLogRecord } from '../../logs/logRecord';
import { LogTable, MAX_TABLE_ROWS } from './LogTable';

/** `count` JSON lines, numbered in their `n` field, oldest first. */
function entries(count: number): LogEntry[] {
  return Array.from({ length: count }, (_, n) => {
    const text = JSON.stringify({ level: 'info', msg: `line ${n}`, n });
    const timestamp = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
    return {
      id: n,
      key: timestamp,
      type: 'line',
      timestamp,
      pod: 'shop-web-7d9f-abcde',
      text,
      record: parseLogRecord(text),
    };
  });
}

// Hundreds of rows take a few seconds in jsdom.
jest.setTimeout(20_000);

describe('LogTable', () => {
  it('shows every line while they are few, without a note', async () => {
    await renderInTestApp(<LogTable lines={entries(3)} onFilter={jest.fn()} />);
    const table = screen.getByRole('table', { name: 'Log lines by field' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 3);
    expect(table.querySelector('caption')).toBeNull();
  });

  it('shows only the newest lines as rows and says so', async () => {
    const total = MAX_TABLE_ROWS + 20;
    await renderInTestApp(
      <LogTable lines={entries(total)} onFilter={jest.fn()} />,
    );
    const table = screen.getByRole('table', { name: 'Log lines by field' });
    // Queried directly: role queries over hundreds of rows are slow.
    const rows = Array.from(table.querySelectorAll('tbody tr'));
    expect(rows).toHaveLength(MAX_TABLE_ROWS);
    expect(rows[0]).toHaveTextContent('line 20');
    expect(rows.at(-1)).toHaveTextContent(`line ${total - 1}`);
    expect(table.querySelector('caption')).toHaveTextContent(
      `The newest ${MAX_TABLE_ROWS} of ${total} lines`,
    );
  });
});
