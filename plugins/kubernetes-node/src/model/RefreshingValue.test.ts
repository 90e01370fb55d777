import { RefreshingValue } from './RefreshingValue';

describe('RefreshingValue', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('serves fresh values, reloads stale ones in the background, waits past the limit', async () => {
    let version = 0;
    const load = jest.fn(async () => ++version);
    const value = new RefreshingValue(load, { freshMs: 10, maxStaleMs: 60 });
    expect(await value.get()).toBe(1);
    jest.setSystemTime(5);
    expect(await value.get()).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);

    jest.setSystemTime(20); // stale: served, reloaded behind
    expect(await value.get()).toBe(1);
    await Promise.resolve();
    expect(await value.get()).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);

    jest.setSystemTime(200); // too old: the caller waits
    expect(await value.get()).toBe(3);
  });

  it('loads once for concurrent callers', async () => {
    const load = jest.fn(async () => 'teams');
    const value = new RefreshingValue(load, { freshMs: 10, maxStaleMs: 60 });
    await Promise.all([value.get(), value.get(), value.get()]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('fails when it has nothing, and serves the last value on error only if told', async () => {
    let fail = true;
    const load = async () => {
      if (fail) throw new Error('cluster down');
      return 'labels';
    };
    const strict = new RefreshingValue(load, { freshMs: 10, maxStaleMs: 60 });
    const lenient = new RefreshingValue(load, {
      freshMs: 10,
      maxStaleMs: 60,
      staleOnError: true,
    });
    await expect(strict.get()).rejects.toThrow('cluster down');
    fail = false;
    expect(await strict.get()).toBe('labels');
    expect(await lenient.get()).toBe('labels');
    fail = true;
    jest.setSystemTime(500);
    await expect(strict.get()).rejects.toThrow('cluster down');
    expect(await lenient.get()).toBe('labels');
  });
});
