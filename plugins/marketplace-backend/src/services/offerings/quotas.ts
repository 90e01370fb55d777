import { Config } from '@backstage/config';
import { QuotaLimits } from '../../database/DatabaseMarketplaceStore';

const FALLBACK: QuotaLimits = { instances: 10, totalSizeGb: 100 };

/**
 * Per-team limits from `marketplace.quotas`: a default plus overrides per
 * team entity ref.
 */
export class QuotaPolicy {
  private constructor(
    private readonly fallback: QuotaLimits,
    private readonly teams: Map<string, QuotaLimits>,
  ) {}

  static fromConfig(config: Config): QuotaPolicy {
    const read = (c: Config): QuotaLimits => ({
      instances: c.getNumber('instances'),
      totalSizeGb: c.getNumber('totalSizeGb'),
    });
    const base = config.getOptionalConfig('marketplace.quotas.default');
    const teams = new Map<string, QuotaLimits>();
    for (const team of config.getOptionalConfigArray(
      'marketplace.quotas.teams',
    ) ?? []) {
      teams.set(team.getString('team').toLowerCase(), read(team));
    }
    return new QuotaPolicy(base ? read(base) : FALLBACK, teams);
  }

  limitsFor(team: string): QuotaLimits {
    return this.teams.get(team.toLowerCase()) ?? this.fallback;
  }
}
