import { parseExecStatus } from './execStatus';

describe('parseExecStatus', () => {
  it('reads success as exit code 0', () => {
    expect(parseExecStatus('{"metadata":{},"status":"Success"}')).toEqual({
      status: 'Success',
      exitCode: 0,
    });
  });

  it('reads the ExitCode cause of a non-zero exit', () => {
    // As the API server writes it (codeExitToStatusError).
    const status = {
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: exit status 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    };
    expect(parseExecStatus(JSON.stringify(status))).toEqual({
      status: 'Failure',
      exitCode: 3,
      reason: 'NonZeroExitCode',
      message: 'command terminated with non-zero exit code: exit status 3',
    });
  });

  it('has no exit code when the command did not exit', () => {
    const status = {
      status: 'Failure',
      message: 'Internal error occurred: container not found ("nope")',
      reason: 'InternalError',
      code: 500,
    };
    expect(parseExecStatus(JSON.stringify(status))).toEqual({
      status: 'Failure',
      reason: 'InternalError',
      message: status.message,
    });
  });

  it('ignores an ExitCode cause that is not a number', () => {
    for (const message of ['', 'three', '-1', '3.5']) {
      const outcome = parseExecStatus(
        JSON.stringify({
          status: 'Failure',
          reason: 'NonZeroExitCode',
          details: { causes: [{ reason: 'ExitCode', message }] },
        }),
      );
      expect([message, outcome.exitCode]).toEqual([message, undefined]);
    }
  });

  it('refuses what is not a Status', () => {
    expect(() => parseExecStatus('hello')).toThrow(
      'exec: the status channel sent no JSON: "hello"',
    );
    expect(() => parseExecStatus('{"kind":"Pod"}')).toThrow(
      'not a Status on the status channel',
    );
  });
});
