import { ConfigReader } from '@backstage/config';
import path from 'node:path';
import { TrustedOrigins } from './TrustedOrigins';

describe('TrustedOrigins', () => {
  const trust = TrustedOrigins.fromConfig(
    new ConfigReader({
      catalog: {
        locations: [
          { type: 'file', target: '../../catalog/all.yaml' },
          { type: 'url', target: 'https://git.example.com/org/org.yaml' },
        ],
      },
      paasport: {
        catalog: {
          trustedLocations: [
            'msgraph:',
            'url:https://git.example.com/platform/*',
          ],
        },
      },
    }),
  );

  it('trusts config locations, file targets resolved like the catalog does', () => {
    expect(
      trust.isTrustedLocation(`file:${path.resolve('../../catalog/all.yaml')}`),
    ).toBe(true);
    expect(
      trust.isTrustedLocation('url:https://git.example.com/org/org.yaml'),
    ).toBe(true);
  });

  it('trusts configured prefixes', () => {
    expect(
      trust.isTrustedLocation('msgraph:https://graph.microsoft.com/v1.0'),
    ).toBe(true);
    expect(
      trust.isTrustedLocation(
        'url:https://git.example.com/platform/teams.yaml',
      ),
    ).toBe(true);
  });

  it('trusts nothing else, however close', () => {
    for (const ref of [
      undefined,
      '',
      'file:../../catalog/all.yaml',
      'url:https://git.example.com/org/org.yaml?x=1',
      'url:https://git.example.com/platformX/teams.yaml',
      'url:https://git.example.com/someone/catalog-info.yaml',
      'msgraphx:whatever',
    ]) {
      expect(trust.isTrustedLocation(ref)).toBe(false);
    }
  });

  it('reads the origin annotation of an entity', () => {
    const entity = (origin?: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'g',
        annotations: origin
          ? { 'backstage.io/managed-by-origin-location': origin }
          : {},
      },
    });
    expect(trust.isTrusted(entity('msgraph:tenant'))).toBe(true);
    expect(trust.isTrusted(entity('url:https://evil.example.com/x.yaml'))).toBe(
      false,
    );
    expect(trust.isTrusted(entity())).toBe(false);
  });
});
