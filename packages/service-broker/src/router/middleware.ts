import { createHash, timingSafeEqual } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { OsbError } from '../errors';

/** Oldest OSB minor version whose requests this broker understands. */
const MIN_MINOR_VERSION = 13;

function digest(value: string) {
  return createHash('sha256').update(value).digest();
}

/**
 * HTTP basic authentication, compared in constant time so response timing
 * does not reveal how much of a guess was right.
 */
export function basicAuth(username: string, password: string) {
  const expected = digest(`${username}:${password}`);
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    const given = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    if (!match || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="service-broker"');
      res.status(401).json({ description: 'Authentication required' });
      return;
    }
    next();
  };
}

/** Rejects requests without `X-Broker-API-Version` (400) or with one we do not speak (412). */
export function apiVersion(req: Request, _res: Response, next: NextFunction) {
  const header = req.header('x-broker-api-version');
  if (!header) {
    throw OsbError.badRequest('The X-Broker-API-Version header is required');
  }
  const match = /^(\d+)\.(\d+)$/.exec(header.trim());
  if (
    !match ||
    Number(match[1]) !== 2 ||
    Number(match[2]) < MIN_MINOR_VERSION
  ) {
    throw new OsbError(
      412,
      'PreconditionFailed',
      `Unsupported API version '${header}': this broker speaks 2.${MIN_MINOR_VERSION} to 2.17; send X-Broker-API-Version: 2.17`,
    );
  }
  next();
}

/**
 * Checks the optional `X-Broker-API-Originating-Identity` (`<platform>
 * <base64 JSON object>`) and keeps it for the audit trail.
 */
export function originatingIdentity(
  req: Request,
  res: Response,
  next: NextFunction,
) {
  const header = req.header('x-broker-api-originating-identity');
  if (header !== undefined) {
    const match = /^(\S+) ([A-Za-z0-9+/=]+)$/.exec(header.trim());
    let value: unknown;
    try {
      value = match
        ? JSON.parse(Buffer.from(match[2], 'base64').toString('utf8'))
        : undefined;
    } catch {
      value = undefined;
    }
    if (!match || !value || typeof value !== 'object' || Array.isArray(value)) {
      throw OsbError.badRequest(
        'X-Broker-API-Originating-Identity must be "<platform> <base64 JSON object>"',
      );
    }
    res.locals.originatingIdentity = `${match[1]} ${JSON.stringify(value)}`;
  }
  next();
}

/** Echoes `X-Broker-API-Request-Identity`, as the spec recommends. */
export function requestIdentity(
  req: Request,
  res: Response,
  next: NextFunction,
) {
  const id = req.header('x-broker-api-request-identity');
  if (id) {
    res.setHeader('X-Broker-API-Request-Identity', id.slice(0, 255));
  }
  next();
}
