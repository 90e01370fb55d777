import { ConsoleApi } from '@paasport/plugin-console-common';

const unexpected = (method: string) =>
  jest.fn(async () => {
    throw new Error(`unexpected call to ConsoleApi.${method}`);
  });

/**
 * A ConsoleApi whose methods are jest mocks: the ones a test passes, and
 * failing ones for the rest so unexpected calls show up.
 */
export function fakeConsoleApi(
  overrides: Partial<ConsoleApi> = {},
): jest.Mocked<ConsoleApi> {
  return {
    getClusters: unexpected('getClusters'),
    getReleases: unexpected('getReleases'),
    getReleaseDiff: unexpected('getReleaseDiff'),
    getReleaseMatrix: unexpected('getReleaseMatrix'),
    rollback: unexpected('rollback'),
    getRollback: unexpected('getRollback'),
    streamLogs: jest.fn(() => {
      throw new Error('unexpected call to ConsoleApi.streamLogs');
    }),
    getMetrics: unexpected('getMetrics'),
    getRevisionComparison: unexpected('getRevisionComparison'),
    getTeamNamespaces: unexpected('getTeamNamespaces'),
    startCanary: unexpected('startCanary'),
    listCanaries: unexpected('listCanaries'),
    getCanary: unexpected('getCanary'),
    canaryAction: unexpected('canaryAction'),
    ...overrides,
  } as jest.Mocked<ConsoleApi>;
}
