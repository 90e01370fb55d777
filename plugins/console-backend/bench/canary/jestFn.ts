type Impl = (...args: unknown[]) => unknown;

/**
 * `startConsoleBackend` builds its permission decisions with
 * `mockServices.permissions.mock`, which makes each method with `jest.fn()`
 * and gives it the test's decisions through `mockImplementation`. The bench
 * runs under plain node, where there is no `jest` global; this provides the
 * one thing those mocks use, so the backend decides exactly as in the
 * integration tests. A no-op under jest.
 */
export function provideJestFn() {
  const global = globalThis as { jest?: unknown };
  if (global.jest) return;
  global.jest = {
    fn: () => {
      let impl: Impl = () => undefined;
      const mock = (...args: unknown[]) => impl(...args);
      return Object.assign(mock, {
        mockImplementation(next: Impl) {
          impl = next;
          return mock;
        },
      });
    },
  };
}
