import { mockServices } from '@backstage/backend-test-utils';
import { audited } from './audited';
import { recordingAuditor } from './testUtils';

describe('audited', () => {
  it('closes the event with what the work added to its meta', async () => {
    const { auditor, records } = recordingAuditor();
    const logger = mockServices.logger.mock();
    const result = await audited(
      { auditor, logger },
      {
        eventId: 'rollback',
        severityLevel: 'medium',
        meta: { cluster: 'dev' },
      },
      async meta => {
        meta.revision = 3;
        return 'done';
      },
    );
    expect(result).toBe('done');
    expect(records).toEqual([
      {
        eventId: 'rollback',
        severityLevel: 'medium',
        outcome: 'success',
        meta: { cluster: 'dev', revision: 3 },
      },
    ]);
  });

  it('records a failure and rethrows it', async () => {
    const { auditor, records } = recordingAuditor();
    await expect(
      audited(
        { auditor, logger: mockServices.logger.mock() },
        { eventId: 'rollback', meta: {} },
        async () => {
          throw new Error('HTTP 409: conflict');
        },
      ),
    ).rejects.toThrow('HTTP 409: conflict');
    expect(records).toEqual([
      expect.objectContaining({ outcome: 'fail', error: 'HTTP 409: conflict' }),
    ]);
  });

  it('logs a broken auditor and still returns the result of the work', async () => {
    const logger = mockServices.logger.mock();
    const auditor = mockServices.auditor.mock({
      createEvent: async () => {
        throw new Error('audit store down');
      },
    });
    await expect(
      audited(
        { auditor, logger },
        { eventId: 'rollback', meta: {} },
        async () => 42,
      ),
    ).resolves.toBe(42);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not audit rollback: Error: audit store down',
    );
  });
});
