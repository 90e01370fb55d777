import { ConfigReader } from '@backstage/config';
import { readTrustedOrigins } from './config';

const config = (paasport?: object) =>
  new ConfigReader({
    catalog: {
      locations: [
        { type: 'file', target: '../../catalog/all.yaml' },
        { type: 'url', target: 'https://git.example.com/org/org.yaml' },
      ],
    },
    ...(paasport && { paasport }),
  });

describe('readTrustedOrigins', () => {
  it('trusts catalog.locations, the configured entries and discovery', () => {
    const trusted = readTrustedOrigins(
      config({
        catalog: {
          trustedLocations: [
            'msgraph:',
            'url:https://git.example.com/platform/*',
          ],
        },
      }),
      target => `/srv/backend/${target}`,
    );
    expect([...trusted.exact]).toEqual([
      'file:/srv/backend/../../catalog/all.yaml',
      'url:https://git.example.com/org/org.yaml',
    ]);
    expect(trusted.prefixes).toEqual([
      'msgraph:',
      'url:https://git.example.com/platform/',
      'paasport-discovery:',
    ]);
  });

  it('needs no paasport config', () => {
    expect(readTrustedOrigins(new ConfigReader({})).prefixes).toEqual([
      'paasport-discovery:',
    ]);
  });

  it.each([
    ['url:', /\[0\]: would trust every location users can register/],
    ['url:*', /would trust every location users can register/],
    ['file:', /would trust every location users can register/],
    ['https://git.example.com/platform/*', /prefix a URL with "url:"/],
    ['platform', /must be a location ref/],
    ['url:https://*.example.com/', /only a trailing "\*" is supported/],
  ])('refuses %s, naming the key', (entry, message) => {
    expect(() =>
      readTrustedOrigins(config({ catalog: { trustedLocations: [entry] } })),
    ).toThrow(message);
    expect(() =>
      readTrustedOrigins(config({ catalog: { trustedLocations: [entry] } })),
    ).toThrow(/^Invalid paasport\.catalog\.trustedLocations\[0\]: /);
  });

  it('refuses a value that is not a list of strings', () => {
    expect(() =>
      readTrustedOrigins(config({ catalog: { trustedLocations: 'msgraph:' } })),
    ).toThrow(/^Invalid paasport\.catalog\.trustedLocations: /);
  });
});
