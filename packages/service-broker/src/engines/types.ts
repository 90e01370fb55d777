import { EngineKind, PlanLimits } from '../catalog';

export type { EngineKind };

/**
 * Credentials handed to a bound application. Every engine returns host, port,
 * username, password and a ready-to-use uri; the rest is engine specific.
 *
 * @public
 */
export type BindingCredentials = {
  host: string;
  port: number;
  username: string;
  password: string;
  uri: string;
} & Record<string, string | number>;

/** Provision parameters after validation (see `parameterSchemas`). @public */
export interface ProvisionParameters {
  /** MySQL only: character set of the database. */
  charset?: 'utf8mb4' | 'latin1';
}

/**
 * The work behind one service: everything an engine does must be idempotent,
 * because the broker re-runs unfinished operations after a restart.
 *
 * @public
 */
export interface ServiceEngine {
  /** Creates the tenant's resource (a database, a key prefix). */
  provision(resource: string, parameters: ProvisionParameters): Promise<void>;
  /** Removes the resource, its data and every user that can still reach it. */
  deprovision(resource: string, userPrefix: string): Promise<void>;
  /** Creates (or resets) a user limited to the resource. */
  bind(
    resource: string,
    username: string,
    password: string,
    limits: PlanLimits,
  ): Promise<BindingCredentials>;
  /** Deletes the user and ends its open sessions. */
  unbind(username: string): Promise<void>;
  /** Whether the resource exists on the server. */
  exists(resource: string): Promise<boolean>;
  /** Whether the user exists on the server. */
  userExists(username: string): Promise<boolean>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Names the broker may put into SQL or ACL rules: never anything else. */
export function assertSafeName(name: string): string {
  if (!/^[a-z0-9_]{1,64}$/.test(name)) {
    throw new Error(`Refusing unsafe resource name '${name}'`);
  }
  return name;
}
