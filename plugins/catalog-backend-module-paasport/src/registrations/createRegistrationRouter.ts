import {
  AuditorService,
  AuditorServiceEvent,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyLocationRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { randomUUID } from 'node:crypto';
import yn from 'yn';
import { z } from 'zod';
import { DryRunRegistrants } from './DryRunRegistrants';
import { LocationRegistration, LocationRegistrationStore } from './types';

// What the catalog needs to create a location; anything it would refuse is
// left to the catalog to answer, exactly as without this router.
const locationBody = z.object({ type: z.string(), target: z.string() });

/**
 * Options of {@link createRegistrationRouter}.
 *
 * @public
 */
export interface RegistrationRouterOptions {
  httpAuth: HttpAuthService;
  auth: AuthService;
  auditor: AuditorService;
  logger: LoggerService;
  registrations: LocationRegistrationStore;
  dryRuns: DryRunRegistrants;
  /** Whether the catalog has a location with this ref right now. */
  locationExists(locationRef: string): Promise<boolean>;
}

/**
 * Records who registers a location, on the catalog's own
 * `POST /locations`, then lets the catalog handle the request unchanged.
 *
 * @remarks
 * Added to the catalog's `httpRouter` by this module, which the backend
 * initialises before the catalog plugin, so it runs before the catalog's
 * handler. It never answers a registration itself: it passes every request
 * on, and only reads the outcome when the response is finished.
 *
 * For a person's (non dry-run) registration, it records an unconfirmed
 * registration before the catalog sees the request, because the catalog may
 * process the new location's entities before it answers; it confirms it when
 * the catalog answers 201 and removes it otherwise. A location whose
 * registration is confirmed and still exists keeps its first registrant
 * (another person's `onConflict=refresh` or refused duplicate changes
 * nothing); a confirmed record of a location that was deleted since is
 * replaced. Services register nobody: their locations have no registrant.
 *
 * @public
 */
export function createRegistrationRouter(
  options: RegistrationRouterOptions,
): express.Router {
  const router = Router();
  // The catalog parses the body with the same parser and default limit; it
  // skips a body that is already parsed, and a body this one cannot parse
  // fails exactly as it would in the catalog's parser.
  router.post('/locations', express.json(), async (req, res, next) => {
    const person = await personOf(req, options);
    const locationRef = locationRefOf(req.body);
    if (!person || !locationRef) return 'next';
    // Parsed as the catalog parses it, so both agree on what is a dry run.
    if (yn(req.query.dryRun, { default: false })) {
      options.dryRuns.run({ locationRef, userEntityRef: person }, next);
      return undefined;
    }
    await recordRegistration(req, res, options, {
      locationRef,
      userEntityRef: person,
      registeredAt: new Date(),
      attemptId: randomUUID(),
    });
    return 'next';
  });
  return router;
}

/** `<type>:<target>` of the body, or undefined for a body the catalog refuses. */
function locationRefOf(body: unknown): string | undefined {
  const parsed = locationBody.safeParse(body);
  if (!parsed.success) return undefined;
  try {
    // As the catalog writes the origin of the location's entities.
    return stringifyLocationRef(parsed.data);
  } catch {
    // Empty, or a javascript: target.
    return undefined;
  }
}

async function personOf(
  req: Request,
  options: RegistrationRouterOptions,
): Promise<string | undefined> {
  let credentials: BackstageCredentials;
  try {
    credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
  } catch {
    // Refused by the catalog's own credential check, as before.
    return undefined;
  }
  return options.auth.isPrincipal(credentials, 'user')
    ? credentials.principal.userEntityRef
    : undefined;
}

async function recordRegistration(
  req: Request,
  res: Response,
  options: RegistrationRouterOptions,
  attempt: Omit<LocationRegistration, 'confirmed'>,
): Promise<void> {
  const { registrations, logger } = options;
  const { locationRef, userEntityRef, attemptId } = attempt;
  const audit = await openAudit(req, options, attempt);
  let recorded: boolean;
  try {
    recorded = await claim(options, attempt);
  } catch (error) {
    // Not registering beats registering a location nobody is recorded for.
    await audit.fail(error);
    throw error;
  }

  let settled = false;
  const settle = async () => {
    if (settled) return;
    settled = true;
    // 'close' without 'finish': the client went away before the catalog
    // answered, and the outcome is unknown; without a record, the
    // location's entities are refused and say to register it again.
    const created = res.writableFinished && res.statusCode === 201;
    let registrant: string | undefined = userEntityRef;
    try {
      if (recorded && created) {
        await registrations.confirm(locationRef, attemptId);
      } else if (recorded) {
        await registrations.release(locationRef, attemptId);
      } else if (created) {
        registrant = (await registrations.find(locationRef))?.userEntityRef;
      }
    } catch (error) {
      logger.error(
        `Could not settle the registration of ${locationRef} by ${userEntityRef}: ${stringifyError(
          error,
        )}`,
      );
    }
    if (created) {
      await audit.success({ registrant, recorded });
    } else {
      await audit.fail(
        new Error(
          res.writableFinished
            ? `The catalog answered ${res.statusCode}`
            : 'The request ended before the catalog answered',
        ),
      );
    }
  };
  res.once('finish', () => void settle());
  res.once('close', () => void settle());
}

/**
 * Records `attempt` as pending, unless the location keeps an earlier
 * registrant. Returns whether it recorded.
 */
async function claim(
  options: RegistrationRouterOptions,
  attempt: Omit<LocationRegistration, 'confirmed'>,
): Promise<boolean> {
  const { registrations } = options;
  const existing = await registrations.find(attempt.locationRef);
  if (!existing?.confirmed) return registrations.recordPending(attempt);
  if (await options.locationExists(attempt.locationRef)) return false;
  // Its location was unregistered since: the record is stale, and whoever
  // registers the location again is its registrant.
  return registrations.recordPending(attempt, {
    replacing: existing.attemptId,
  });
}

/**
 * Opens the audit event of a registration. The raw auditor is used, not
 * `audited` from paasport-node: the outcome is only known when the
 * response finishes, after this middleware has handed the request to the
 * catalog, so there is no promise to wrap. As with `audited`, a broken
 * auditor is logged and never fails the registration.
 */
async function openAudit(
  req: Request,
  options: RegistrationRouterOptions,
  attempt: Omit<LocationRegistration, 'confirmed'>,
) {
  const { auditor, logger } = options;
  const meta = {
    location: attempt.locationRef,
    userEntityRef: attempt.userEntityRef,
  };
  let event: AuditorServiceEvent | undefined;
  try {
    event = await auditor.createEvent({
      eventId: 'location-registration',
      severityLevel: 'medium',
      request: req,
      meta,
    });
  } catch (error) {
    logger.warn(`Could not audit location-registration: ${error}`);
  }
  const close = async (closing: (e: AuditorServiceEvent) => Promise<void>) => {
    try {
      if (event) await closing(event);
    } catch (error) {
      logger.warn(`Could not audit location-registration: ${error}`);
    }
  };
  return {
    success: (result: { registrant?: string; recorded: boolean }) =>
      close(e => e.success({ meta: { ...meta, ...result } })),
    fail: (error: unknown) =>
      close(e => e.fail({ meta, error: error as Error })),
  };
}
