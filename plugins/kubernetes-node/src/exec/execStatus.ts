/**
 * How a command run with {@link KubernetesCluster.exec} ended, from the
 * `Status` the server writes on the status channel.
 *
 * @public
 */
export interface ExecOutcome {
  /** `Success` when the command exited with 0. */
  status: 'Success' | 'Failure';
  /**
   * The command's exit code: 0 on success, the `ExitCode` cause of a
   * `NonZeroExitCode` failure; undefined when the command did not run to an
   * exit (e.g. it could not be started).
   */
  exitCode?: number;
  /** The Kubernetes reason of a failure, e.g. `NonZeroExitCode`, `InternalError`. */
  reason?: string;
  /** What the server said about a failure. */
  message?: string;
}

/**
 * Reads the JSON `Status` of the status channel, as client-go does: exit
 * code 0 on `Success`, the `ExitCode` cause on `NonZeroExitCode`.
 *
 * @throws when the text is not a Status, so that a protocol error is never
 * mistaken for a result.
 */
export function parseExecStatus(text: string): ExecOutcome {
  let status: any;
  try {
    status = JSON.parse(text);
  } catch {
    throw new Error(`exec: the status channel sent no JSON: ${clip(text)}`);
  }
  if (status?.status === 'Success') {
    return { status: 'Success', exitCode: 0 };
  }
  if (status?.status !== 'Failure') {
    throw new Error(`exec: not a Status on the status channel: ${clip(text)}`);
  }
  const reason = typeof status.reason === 'string' ? status.reason : undefined;
  const message =
    typeof status.message === 'string' ? status.message : undefined;
  const causes: unknown[] = Array.isArray(status.details?.causes)
    ? status.details.causes
    : [];
  // A cause's `type` is serialised as `reason` (metav1.StatusCause).
  const exit = causes.find((c: any) => c?.reason === 'ExitCode') as
    | { message?: unknown }
    | undefined;
  const code =
    typeof exit?.message === 'string' && /^\d{1,3}$/.test(exit.message)
      ? Number(exit.message)
      : undefined;
  return {
    status: 'Failure',
    ...(reason === 'NonZeroExitCode' &&
      code !== undefined && { exitCode: code }),
    reason,
    message,
  };
}

function clip(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}
