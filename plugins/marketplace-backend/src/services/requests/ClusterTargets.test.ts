import { InputError } from '@backstage/errors';
import { ClusterTargets } from './ClusterTargets';

describe('ClusterTargets', () => {
  const two = new ClusterTargets([
    { name: 'dev' },
    { name: 'prod', title: 'Production' },
  ]);
  const one = new ClusterTargets([{ name: 'dev' }]);
  const none = new ClusterTargets([]);

  it('accepts configured clusters only', () => {
    expect(two.check('prod')).toBe('prod');
    expect(two.check(undefined)).toBeUndefined();
    expect(() => two.check('stage')).toThrow(
      new InputError("Unknown cluster 'stage'; configured: dev, prod"),
    );
    expect(() => none.check('dev')).toThrow(/configured: none/);
  });

  it('needs a cluster for instances only when the back end runs on one', () => {
    expect(two.forInstance(undefined, false)).toBeUndefined();
    expect(one.forInstance(undefined, true)).toBe('dev');
    expect(() => two.forInstance(undefined, true)).toThrow(
      /choose one of dev, prod/,
    );
    expect(() => none.forInstance(undefined, true)).toThrow(
      /no clusters are configured/,
    );
  });

  it("sends bindings to the asked cluster, else the instance's, else the only one", () => {
    expect(two.forBinding('prod', 'dev')).toBe('prod');
    expect(two.forBinding(undefined, 'dev')).toBe('dev');
    expect(one.forBinding(undefined, null)).toBe('dev');
    // An instance cluster that was removed from the configuration is no default.
    expect(one.forBinding(undefined, 'gone')).toBe('dev');
    expect(() => two.forBinding(undefined, null)).toThrow(
      /Choose the cluster to deliver the credentials to: dev, prod/,
    );
    expect(none.forBinding(undefined, null)).toBeUndefined();
  });
});
