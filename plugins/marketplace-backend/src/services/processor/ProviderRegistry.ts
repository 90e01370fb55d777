import { MiddlewareProvider } from '@paasport/plugin-marketplace-node';

/** The installed back ends, by id (`osb:shared`, `operator:moco`, ...). */
export class ProviderRegistry {
  private readonly providers = new Map<string, MiddlewareProvider>();

  add(...providers: MiddlewareProvider[]) {
    for (const provider of providers) {
      if (this.providers.has(provider.id)) {
        throw new Error(`Marketplace provider ${provider.id} registered twice`);
      }
      this.providers.set(provider.id, provider);
    }
  }

  get(id: string): MiddlewareProvider | undefined {
    return this.providers.get(id);
  }

  has(id: string): boolean {
    return this.providers.has(id);
  }
}
