import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';

/**
 * Metadata of an audit event; services add what they learn while working.
 *
 * @public
 */
export type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;

/**
 * Runs `work` inside an audit event. `meta` is shared with `work`, which adds
 * what it learns; the event is closed with success or fail. A broken auditor
 * is logged and never fails the work it records (a finished change must not
 * look failed because the audit log was unavailable).
 *
 * @public
 */
export async function audited<T>(
  deps: { auditor: AuditorService; logger: LoggerService },
  options: AuditorServiceCreateEventOptions & { meta: AuditMeta },
  work: (meta: AuditMeta) => Promise<T>,
): Promise<T> {
  const { auditor, logger } = deps;
  let event: AuditorServiceEvent | undefined;
  try {
    event = await auditor.createEvent(options);
  } catch (error) {
    logger.warn(`Could not audit ${options.eventId}: ${error}`);
  }
  const close = async (closing: (e: AuditorServiceEvent) => Promise<void>) => {
    try {
      if (event) await closing(event);
    } catch (error) {
      logger.warn(`Could not audit ${options.eventId}: ${error}`);
    }
  };
  try {
    const result = await work(options.meta);
    await close(e => e.success({ meta: options.meta }));
    return result;
  } catch (error) {
    await close(e => e.fail({ meta: options.meta, error: error as Error }));
    throw error;
  }
}
