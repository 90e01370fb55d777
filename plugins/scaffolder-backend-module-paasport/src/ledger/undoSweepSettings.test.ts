import { ConfigReader } from '@backstage/config';
import { readUndoSweepSettings } from './undoSweepSettings';

const read = (undoSweep?: object) =>
  readUndoSweepSettings(
    new ConfigReader(
      undoSweep ? { paasport: { scaffolder: { undoSweep } } } : {},
    ),
  );

describe('readUndoSweepSettings', () => {
  it('sweeps on every replica every 15 seconds with 30-second claims by default', () => {
    expect(read()).toEqual({
      schedule: {
        frequency: { seconds: 15 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 15 },
        scope: 'local',
      },
      leaseMs: 30_000,
    });
  });

  it('takes each key on its own, the rest keep their defaults', () => {
    expect(read({ frequency: { seconds: 5 }, leaseSeconds: 12.5 })).toEqual({
      schedule: {
        frequency: { seconds: 5 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 15 },
        scope: 'local',
      },
      leaseMs: 12_500,
    });
    expect(
      read({ frequency: { cron: '*/1 * * * *' }, scope: 'global' }).schedule,
    ).toMatchObject({ frequency: { cron: '*/1 * * * *' }, scope: 'global' });
  });

  it('refuses bad values, naming the key', () => {
    expect(() => read({ leaseSeconds: 1 })).toThrow(
      'paasport.scaffolder.undoSweep.leaseSeconds must be a number of seconds, at least 3; got 1',
    );
    expect(() => read({ leaseSeconds: 'soon' })).toThrow(
      /paasport\.scaffolder\.undoSweep\.leaseSeconds/,
    );
    expect(() => read({ scope: 'everywhere' })).toThrow(
      'paasport.scaffolder.undoSweep: Only "global" or "local" are allowed for TaskScheduleDefinition.scope, but got: everywhere',
    );
    expect(() => read({ frequency: { fortnights: 1 } })).toThrow(
      /^paasport\.scaffolder\.undoSweep: /,
    );
  });
});
