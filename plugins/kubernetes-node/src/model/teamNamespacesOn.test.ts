import { teamNamespacesOn } from './teamNamespacesOn';
import { Team } from './TeamDirectory';

const team = (
  name: string,
  byCluster: Record<string, string>,
  fallback?: string,
): Team => ({
  ref: `group:default/${name}`,
  label: name,
  namespaces: { default: fallback, byCluster },
});

const labels =
  (entries: Record<string, Record<string, string>>) =>
  async (cluster: string) => {
    if (!entries[cluster]) throw new Error(`${cluster} does not answer`);
    return new Map(Object.entries(entries[cluster]));
  };

describe('teamNamespacesOn', () => {
  const storefront = team('storefront', {}, 'storefront');
  const payments = team('payments', {}, 'payments');

  it('gives a team the namespaces labelled for it', async () => {
    const result = await teamNamespacesOn(storefront, {
      teams: [storefront, payments],
      clusters: ['dev', 'prod'],
      labels: labels({
        dev: { storefront: 'storefront', payments: 'payments' },
        prod: { storefront: 'storefront' },
      }),
    });
    expect(result).toEqual({
      namespaces: { dev: 'storefront', prod: 'storefront' },
      unverified: {},
      problems: [],
      refusals: [],
      clusters: [
        { cluster: 'dev', namespace: 'storefront', status: 'held' },
        { cluster: 'prod', namespace: 'storefront', status: 'held' },
      ],
    });
  });

  it('refuses a namespace labelled for another team, or not labelled at all', async () => {
    const greedy = team('greedy', { dev: 'payments' }, 'nowhere');
    const result = await teamNamespacesOn(greedy, {
      teams: [greedy],
      clusters: ['dev', 'prod'],
      labels: labels({ dev: { payments: 'payments' }, prod: {} }),
    });
    expect(result.namespaces).toEqual({});
    // A namespace that does not exist is no refusal: the team may not have
    // made it yet.
    expect(result.refusals).toEqual([
      {
        cluster: 'dev',
        namespace: 'payments',
        reason: 'labelled-for-another-team',
        message: result.problems[0],
      },
    ]);
    expect(result.problems).toEqual([
      'namespace payments on dev is labelled paasport.io/team=payments, not greedy: it is refused to group:default/greedy',
      'namespace nowhere on prod does not exist or does not carry paasport.io/team=greedy, so nothing is shown there',
    ]);
    expect(result.clusters).toEqual([
      {
        cluster: 'dev',
        namespace: 'payments',
        status: 'refused',
        message: result.problems[0],
      },
      {
        cluster: 'prod',
        namespace: 'nowhere',
        status: 'missing',
        message: result.problems[1],
      },
    ]);
  });

  it('refuses a namespace two teams claim, to both', async () => {
    const twin = team('twin', { dev: 'storefront' });
    const context = {
      teams: [storefront, twin],
      clusters: ['dev'],
      labels: labels({ dev: { storefront: 'storefront' } }),
    };
    for (const claimant of [storefront, twin]) {
      const result = await teamNamespacesOn(claimant, context);
      expect(result.namespaces).toEqual({});
      expect(result.refusals).toEqual([
        expect.objectContaining({ reason: 'claimed-by-several-teams' }),
      ]);
      expect(result.problems[0]).toMatch(
        /namespace storefront on dev is claimed by .* and by .*; it is refused to all of them/,
      );
      expect(result.clusters).toEqual([
        {
          cluster: 'dev',
          namespace: 'storefront',
          status: 'refused',
          message: result.problems[0],
        },
      ]);
    }
  });

  it('leaves out a cluster it cannot verify, saying why', async () => {
    const result = await teamNamespacesOn(storefront, {
      teams: [storefront],
      clusters: ['dev', 'prod'],
      labels: labels({ dev: { storefront: 'storefront' } }),
    });
    expect(result.namespaces).toEqual({ dev: 'storefront' });
    expect(result.unverified).toEqual({ prod: 'storefront' });
    expect(result.refusals).toEqual([]);
    expect(result.problems).toEqual([
      'cannot verify namespace storefront on prod: prod does not answer',
    ]);
    expect(result.clusters.map(c => `${c.cluster} ${c.status}`)).toEqual([
      'dev held',
      'prod unverified',
    ]);
  });
});
