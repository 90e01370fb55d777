/**
 * Who registered a catalog location through the catalog API.
 *
 * @public
 */
export interface LocationRegistration {
  /** `<type>:<target>`, as the location's entities carry it in `backstage.io/managed-by-origin-location`. */
  locationRef: string;
  /** The person who registered it, e.g. `user:default/alice`. */
  userEntityRef: string;
  registeredAt: Date;
  /** The registration request that wrote the record; only it confirms or removes it. */
  attemptId: string;
  /**
   * False while the catalog has not answered the registration request yet.
   * The catalog may process the location's entities before it answers, so
   * an unconfirmed registration already counts.
   */
  confirmed: boolean;
}

/**
 * The registrations Paasport recorded, one per location ref.
 *
 * @public
 */
export interface LocationRegistrationStore {
  /** The registration of a location ref, confirmed or not. */
  find(locationRef: string): Promise<LocationRegistration | undefined>;

  /**
   * Records an unconfirmed registration, unless a confirmed one exists. A
   * confirmed record whose attempt is `replacing` is overwritten: the caller
   * found that its location no longer exists. Returns whether it recorded.
   */
  recordPending(
    registration: Omit<LocationRegistration, 'confirmed'>,
    options?: { replacing?: string },
  ): Promise<boolean>;

  /** Marks the record of this attempt confirmed (the catalog answered 201). */
  confirm(locationRef: string, attemptId: string): Promise<void>;

  /** Removes the record of this attempt, if it is still unconfirmed. */
  release(locationRef: string, attemptId: string): Promise<void>;
}
