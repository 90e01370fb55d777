import { mockServices } from '@backstage/backend-test-utils';
import { LeaseKeeper, LeaseLoss } from './LeaseKeeper';

const LEASE_MS = 150;
// Fake timers (and Date): time passes only when a test says so, whatever the
// machine is doing meanwhile.
const sleep = (ms: number) => jest.advanceTimersByTimeAsync(ms);

function keeper(renew: (ids: string[]) => Promise<string[]>) {
  const lost: Array<[string, LeaseLoss]> = [];
  const leases = new LeaseKeeper({
    leaseMs: LEASE_MS,
    renew,
    onLost: (id, loss) => lost.push([id, loss]),
    logger: mockServices.logger.mock(),
    what: 'test leases',
  });
  return { leases, lost };
}

describe('LeaseKeeper', () => {
  let leases: LeaseKeeper | undefined;
  beforeEach(() => jest.useFakeTimers());
  afterEach(async () => {
    await leases?.stop();
    jest.useRealTimers();
  });

  it('keeps leases held past their first term while the database renews them', async () => {
    const renewed: string[][] = [];
    const made = keeper(async ids => {
      renewed.push(ids);
      return ids;
    });
    leases = made.leases.hold(['a', 'b'], Date.now());
    await sleep(LEASE_MS * 3);
    expect(leases.isHeld('a')).toBe(true);
    expect(leases.isHeld('b')).toBe(true);
    expect(renewed.length).toBeGreaterThanOrEqual(4);
    expect(made.lost).toEqual([]);
  });

  it('lets a lease go, and says so, when the database gives it to someone else', async () => {
    const made = keeper(async ids => ids.filter(id => id !== 'b'));
    leases = made.leases.hold(['a', 'b'], Date.now());
    await leases.renew();
    expect(leases.isHeld('a')).toBe(true);
    expect(leases.isHeld('b')).toBe(false);
    expect(made.lost).toEqual([['b', 'taken']]);
  });

  it('stops holding once no renewal got through for a whole lease, and never renews it again', async () => {
    let reachable = false;
    const renewed: string[][] = [];
    const made = keeper(async ids => {
      if (!reachable) throw new Error('database unreachable');
      renewed.push(ids);
      return ids;
    });
    leases = made.leases.hold(['a'], Date.now());
    await sleep(LEASE_MS / 2);
    expect(leases.isHeld('a')).toBe(true);
    await sleep(LEASE_MS);
    expect(leases.isHeld('a')).toBe(false);
    reachable = true;
    await sleep(LEASE_MS);
    expect(renewed).toEqual([]);
    expect(made.lost).toEqual([['a', 'unrenewed']]);
  });

  it('renews only what it still holds: dropped and abandoned leases are not renewed', async () => {
    const renewed: string[][] = [];
    const made = keeper(async ids => {
      renewed.push(ids);
      return ids;
    });
    leases = made.leases.hold(['a', 'b'], Date.now());
    leases.drop('a');
    await leases.renew();
    expect(renewed).toEqual([['b']]);
    leases.abandon();
    expect(leases.isHeld('b')).toBe(false);
    await leases.renew();
    expect(renewed).toEqual([['b']]);
    expect(made.lost).toEqual([]);
  });

  it('skips a tick while a renewal is still in flight instead of queueing', async () => {
    let calls = 0;
    let finish: () => void = () => {};
    const made = keeper(
      ids =>
        new Promise(resolve => {
          calls++;
          finish = () => resolve(ids);
        }),
    );
    leases = made.leases.hold(['a'], Date.now());
    const first = leases.renew();
    const second = leases.renew();
    expect(second).toBe(first);
    finish();
    await first;
    expect(calls).toBe(1);
  });
});
