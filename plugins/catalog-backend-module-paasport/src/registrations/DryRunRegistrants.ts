import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A dry run of `POST /locations` in progress: who asks, for which location.
 *
 * @public
 */
export interface DryRunRegistration {
  locationRef: string;
  userEntityRef: string;
}

/**
 * Tells the processors who would register a location during the dry run of
 * that registration (the import page's preview, `catalog:register`'s
 * second call), so the preview shows the same decision as the real
 * registration will, although nothing is recorded for a dry run.
 *
 * @remarks
 * The catalog processes a dry run's entities inside the request, so the
 * request's async context reaches the processors. The catalog's background
 * processing never runs in a request's context, so a dry run can never
 * vouch for entities outside its own preview.
 *
 * @public
 */
export class DryRunRegistrants {
  private readonly storage = new AsyncLocalStorage<DryRunRegistration>();

  /** Runs `fn` (the rest of the request) as a dry run of `registration`. */
  run<T>(registration: DryRunRegistration, fn: () => T): T {
    return this.storage.run(registration, fn);
  }

  /** Who is dry-running the registration of `locationRef` here, if anyone. */
  registrantOf(locationRef: string): string | undefined {
    const current = this.storage.getStore();
    return current?.locationRef === locationRef
      ? current.userEntityRef
      : undefined;
  }
}
