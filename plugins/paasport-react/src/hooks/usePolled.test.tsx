import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolled } from './usePolled';

describe('usePolled', () => {
  it('keeps the last value through a failed reload and shows the error', async () => {
    let answer: () => Promise<string> = async () => 'rev 3';
    const { result } = renderHook(() =>
      usePolled('shop-api', () => answer(), [], 0),
    );
    await waitFor(() => expect(result.current.value).toBe('rev 3'));

    answer = async () => {
      throw new Error('HTTP 503');
    };
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.error?.message).toBe('HTTP 503'));
    expect(result.current.value).toBe('rev 3');
  });

  it('drops the value when the key changes', async () => {
    let resolveSecond: (v: string) => void = () => {};
    const { result, rerender } = renderHook(
      ({ key }) =>
        usePolled(
          key,
          () =>
            key === 'a'
              ? Promise.resolve('value of a')
              : new Promise<string>(r => (resolveSecond = r)),
          [key],
          0,
        ),
      { initialProps: { key: 'a' } },
    );
    await waitFor(() => expect(result.current.value).toBe('value of a'));
    rerender({ key: 'b' });
    expect(result.current.value).toBeUndefined();
    act(() => resolveSecond('value of b'));
    await waitFor(() => expect(result.current.value).toBe('value of b'));
  });

  it('reloads every interval, and not at all with null', async () => {
    let calls = 0;
    const load = async () => ++calls;
    const polled = renderHook(() => usePolled('k', load, [], 20));
    await waitFor(() => expect(calls).toBeGreaterThanOrEqual(3));
    polled.unmount();

    calls = 0;
    const still = renderHook(() => usePolled('k', load, [], null));
    await waitFor(() => expect(still.result.current.value).toBe(1));
    await new Promise(r => setTimeout(r, 100));
    expect(calls).toBe(1);
  });
});
