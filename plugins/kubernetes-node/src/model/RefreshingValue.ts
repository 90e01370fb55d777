/**
 * A value loaded on first use and kept fresh off the request path: within
 * `freshMs` it is served as it is; until `maxStaleMs` it is still served
 * while one reload runs in the background; older, the caller waits for the
 * reload. Only one load runs at a time.
 *
 * @remarks
 * The tenancy model reads teams and namespace labels on every request; a
 * reload on the request path made every tenth page view wait for the
 * catalog or a cluster (the console bench's p99). A change (a member
 * removed, a namespace relabelled) therefore takes effect within
 * `freshMs` plus one request, and never later than `maxStaleMs`.
 */
export class RefreshingValue<T> {
  private value?: { data: T; loadedAt: number };
  private loading?: Promise<T>;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly options: {
      freshMs: number;
      maxStaleMs: number;
      /** Serve the last value when a reload fails, however old. */
      staleOnError?: boolean;
    },
  ) {}

  async get(): Promise<T> {
    const { value } = this;
    const age = value ? Date.now() - value.loadedAt : Infinity;
    if (value && age <= this.options.freshMs) return value.data;
    if (value && age <= this.options.maxStaleMs) {
      this.reload().catch(() => {
        // Served stale meanwhile; the next request tries again.
      });
      return value.data;
    }
    try {
      return await this.reload();
    } catch (error) {
      if (value && this.options.staleOnError) return value.data;
      throw error;
    }
  }

  private reload(): Promise<T> {
    this.loading ??= this.load()
      .then(data => {
        this.value = { data, loadedAt: Date.now() };
        return data;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
