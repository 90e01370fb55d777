import { parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = {
    app: 'shop-web',
    tier: 'frontend',
    'paasport.io/team': 'storefront',
  };

  it.each([
    ['app=shop-web', true],
    ['app==shop-web,tier=frontend', true],
    ['app=shop-api', false],
    ['app!=shop-api', true],
    ['tier in (frontend, backend)', true],
    ['tier notin (frontend)', false],
    ['paasport.io/team', true],
    ['!paasport.io/team', false],
    ['missing notin (x), app in (shop-web)', true],
  ])('%s matches: %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects malformed and empty selectors', () => {
    expect(() => parseLabelSelector('app=(x')).toThrow(
      "invalid label selector requirement 'app=(x'",
    );
    expect(() => parseLabelSelector(' , ')).toThrow('empty label selector');
  });
});
