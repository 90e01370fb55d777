import { Entity } from '@backstage/catalog-model';
import { sourceRepository } from './sourceRepository';

function withSource(value?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'shop-web',
      annotations: value ? { 'backstage.io/source-location': value } : {},
    },
  };
}

describe('sourceRepository', () => {
  it('reads owner and repository from a tree URL', () => {
    expect(
      sourceRepository(
        withSource(
          'url:https://git.acme.dev/storefront/shop-web/src/branch/main/',
        ),
      ),
    ).toEqual({
      url: 'https://git.acme.dev/storefront/shop-web/src/branch/main/',
      host: 'git.acme.dev',
      repoUrl: 'https://git.acme.dev/storefront/shop-web',
      owner: 'storefront',
      repo: 'shop-web',
    });
  });

  it('keeps the port and drops .git', () => {
    expect(
      sourceRepository(
        withSource('url:http://127.0.0.1:16300/paasport/shop.git'),
      ),
    ).toMatchObject({
      host: '127.0.0.1:16300',
      repoUrl: 'http://127.0.0.1:16300/paasport/shop',
      owner: 'paasport',
      repo: 'shop',
    });
  });

  it('honours a host served under a base path', () => {
    expect(
      sourceRepository(
        withSource('url:https://acme.dev/git/storefront/shop-web/'),
        host => (host === 'acme.dev' ? '/git/' : ''),
      ),
    ).toMatchObject({
      repoUrl: 'https://acme.dev/git/storefront/shop-web',
      owner: 'storefront',
      repo: 'shop-web',
    });
  });

  it('names no repository for other locations or malformed values', () => {
    expect(sourceRepository(withSource())).toBeUndefined();
    expect(sourceRepository(withSource('file:/srv/shop'))).toBeUndefined();
    expect(sourceRepository(withSource('url:not a url'))).toBeUndefined();
    expect(
      sourceRepository(withSource('url:https://git.acme.dev/storefront')),
    ).toBeUndefined();
  });
});
