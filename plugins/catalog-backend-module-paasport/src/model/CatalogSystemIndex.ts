import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Options of {@link CatalogSystemIndex}.
 *
 * @public
 */
export interface CatalogSystemIndexOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** How long a list of Systems is trusted for hits. Default 30 s. */
  maxAgeMs?: number;
  /** A miss reloads the list if it is older than this. Default 5 s. */
  missReloadMs?: number;
  /** For tests. */
  now?: () => number;
}

type Snapshot = { refs: Set<string>; loadedAt: number };

/**
 * Answers "is this System in the catalog?" for the model processor without a
 * catalog request per entity.
 *
 * @remarks
 * Processors see one entity at a time and cannot query the catalog's
 * database, so the index keeps the refs of every System (one small
 * fields-limited request) and reloads them when they are older than
 * `maxAgeMs`. A miss reloads sooner, after `missReloadMs`, so that a System
 * registered a moment ago is found. Every answer is `undefined` when the
 * catalog cannot be asked (e.g. while the backend starts): the caller then
 * reports nothing rather than a false error that would block the entity.
 *
 * @public
 */
export class CatalogSystemIndex {
  private snapshot?: Snapshot;
  private loading?: Promise<Snapshot>;
  private failing = false;
  private readonly maxAgeMs: number;
  private readonly missReloadMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CatalogSystemIndexOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.missReloadMs = options.missReloadMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether the System exists; `undefined` if the catalog did not answer. */
  async hasSystem(ref: CompoundEntityRef): Promise<boolean | undefined> {
    const key = stringifyEntityRef(ref);
    try {
      let snapshot = await this.load(this.maxAgeMs);
      if (!snapshot.refs.has(key)) {
        snapshot = await this.load(this.missReloadMs);
      }
      this.recovered();
      return snapshot.refs.has(key);
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  /** Whether the entity is in the catalog; `undefined` if it did not answer. */
  async hasEntity(ref: CompoundEntityRef): Promise<boolean | undefined> {
    try {
      const { items } = await this.options.catalog.getEntitiesByRefs(
        { entityRefs: [stringifyEntityRef(ref)], fields: ['kind'] },
        { credentials: await this.options.auth.getOwnServiceCredentials() },
      );
      this.recovered();
      return items[0] !== undefined;
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  private load(maxAgeMs: number): Promise<Snapshot> {
    const { snapshot } = this;
    if (snapshot && this.now() - snapshot.loadedAt < maxAgeMs) {
      return Promise.resolve(snapshot);
    }
    // One request at a time however many entities are being processed.
    this.loading ??= this.fetch().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async fetch(): Promise<Snapshot> {
    const loadedAt = this.now();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'System' },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    const refs = new Set(items.map(entity => stringifyEntityRef(entity)));
    this.snapshot = { refs, loadedAt };
    return this.snapshot;
  }

  // Logged once per outage, not once per entity.
  private failed(error: unknown) {
    if (!this.failing) {
      this.options.logger.warn(
        `Cannot look up Systems in the catalog, skipping the unknown-System check: ${error}`,
      );
    }
    this.failing = true;
  }

  private recovered() {
    if (this.failing) {
      this.options.logger.info('Catalog lookups of Systems work again');
    }
    this.failing = false;
  }
}
