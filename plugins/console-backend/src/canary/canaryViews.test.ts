import { canarySummary } from './canaryViews';
import { canarySpecSchema } from './plan/canarySpec';
import { newCanary, T0 } from './store/__testUtils__/canaryFixtures';
import { StoredCanary } from './store';

/** A canary as the store gives it back, releasing `spec`. */
function storedCanary(spec: unknown): StoredCanary {
  const {
    id: _id,
    events: _events,
    now: _now,
    nextRunAt,
    ...canary
  } = newCanary({ spec: canarySpecSchema.parse(spec) });
  return {
    ...canary,
    id: '6f1d3c1e-8a0b-4c55-9d7e-2b9f4a1c0e11',
    phase: canary.state.phase,
    message: canary.state.message,
    version: 1,
    ...(nextRunAt && { nextRunAt }),
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
  };
}

describe('canarySummary', () => {
  it('names the changed variables and annotations, and shows no value', () => {
    const summary = canarySummary(
      storedCanary({
        env: { api: { TOKEN: 's3cret-token', OLD_FLAG: null } },
        annotations: {
          'devcluster.paasport.io/error-rate': '0.437',
          'checksum/config': '9f8e7d6c5b4a',
          'team/old-switch': null,
        },
      }),
      false,
    );
    expect(summary.envChanged).toEqual({ api: ['OLD_FLAG', 'TOKEN'] });
    expect(summary.annotationsChanged).toEqual([
      'checksum/config',
      'devcluster.paasport.io/error-rate',
      'team/old-switch',
    ]);
    const shown = JSON.stringify(summary);
    for (const value of ['s3cret-token', '0.437', '9f8e7d6c5b4a']) {
      expect(shown).not.toContain(value);
    }
  });

  it('says no annotation changed for a release of an image', () => {
    const summary = canarySummary(
      storedCanary({ images: { api: 'registry.example.com/shop/api:1.4.3' } }),
      false,
    );
    expect(summary.annotationsChanged).toEqual([]);
    expect(summary.images).toEqual({
      api: 'registry.example.com/shop/api:1.4.3',
    });
  });
});
