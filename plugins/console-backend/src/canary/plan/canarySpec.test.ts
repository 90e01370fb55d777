import { canarySpecSchema, CanarySpecInput } from './canarySpec';

const minimal = { images: { api: 'registry.example.com/shop/api:1.4.2' } };

/** Every issue as "path: message", the way the router reports them. */
function problems(input: unknown): string[] {
  const result = canarySpecSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
}

/** The problems reported at one path, as one string. */
function problemAt(input: unknown, path: string): string {
  return problems(input)
    .filter(p => p.startsWith(`${path}: `))
    .join('; ');
}

describe('canarySpecSchema', () => {
  it('fills in short default steps, analysis and limits for a bare image change', () => {
    const spec = canarySpecSchema.parse(minimal);
    expect(spec.steps.map(s => s.weight)).toEqual([10, 25, 50, 100]);
    expect(spec.steps.slice(0, 3).every(s => s.pause)).toBe(true);
    expect(spec.steps[0].pause).toEqual({ seconds: 120 });
    expect(spec.analysis).toMatchObject({
      intervalSeconds: 15,
      windowSeconds: 120,
      minSamples: 6,
      alpha: 0.05,
      errorRate: { maxIncreasePoints: 1 },
      latencyP95: { maxRatio: 1.2 },
      queries: [],
    });
    expect(spec.failureLimit).toBe(1);
    expect(spec.env).toEqual({});
  });

  it('gives every parse its own default steps', () => {
    const first = canarySpecSchema.parse(minimal);
    first.steps[0].weight = 99;
    expect(canarySpecSchema.parse(minimal).steps[0].weight).toBe(10);
  });

  it('keeps a complete request as given', () => {
    const input: CanarySpecInput = {
      images: {
        api: `localhost:5000/api@sha256:${'a'.repeat(64)}`,
        sidecar: 'envoyproxy/envoy:v1.31.0',
      },
      env: { api: { FEATURE_X: 'on', OLD_FLAG: null } },
      annotations: { 'example.com/config-sum': 'abc' },
      steps: [
        { weight: 5, pause: { untilResumed: true } },
        { weight: 50, pause: { seconds: 30 } },
        { weight: 100, pause: { untilResumed: true } },
      ],
      analysis: {
        intervalSeconds: 5,
        windowSeconds: 30,
        minSamples: 5,
        alpha: 0.01,
        errorRate: { maxIncreasePoints: 0.5 },
        latencyP95: { maxRatio: 1.5 },
        minRequests: 10,
        queries: [
          {
            name: 'queueDepth',
            promql: 'sum(queue_depth)',
            higherIsWorse: true,
            maxValue: 100,
          },
        ],
      },
      failureLimit: 3,
      progressDeadlineSeconds: 120,
    };
    expect(canarySpecSchema.parse(input)).toEqual(input);
  });

  it('accepts an environment change without a new image', () => {
    expect(problems({ env: { api: { LOG_LEVEL: 'debug' } } })).toEqual([]);
  });

  it('accepts a pod annotation change, and refuses a malformed key', () => {
    expect(
      problems({ annotations: { 'example.com/config-sum': 'abc', old: null } }),
    ).toEqual([]);
    expect(
      problemAt({ annotations: { 'bad key!': 'x' } }, 'annotations.bad key!'),
    ).toMatch(/not an annotation key/);
  });

  it('refuses a request that changes nothing', () => {
    expect(problemAt({}, '')).toMatch(/nothing to release/);
    expect(problemAt({ images: {}, env: { api: {} } }, '')).toMatch(
      /nothing to release/,
    );
  });

  it('refuses image references that are malformed or name no version', () => {
    expect(problemAt({ images: { api: 'Shop/API:1' } }, 'images.api')).toMatch(
      /not an image reference/,
    );
    expect(problemAt({ images: { api: 'shop/api' } }, 'images.api')).toMatch(
      /neither a tag nor a digest.*:latest/,
    );
    expect(
      problemAt({ images: { api: 'shop/api@sha256:abc' } }, 'images.api'),
    ).toMatch(/not an image reference/);
    expect(
      problemAt(
        { images: { api: `shop/api@sha256:${'a'.repeat(40)}` } },
        'images.api',
      ),
    ).toMatch(/64 hex digits/);
  });

  it('refuses container and environment variable names Kubernetes would refuse', () => {
    expect(
      problemAt({ images: { API_: 'shop/api:1' } }, 'images.API_'),
    ).toMatch(/not a container name/);
    expect(problemAt({ env: { api: { '1=x': 'y' } } }, 'env.api.1=x')).toMatch(
      /not an environment variable name/,
    );
  });

  it('refuses weights that do not increase, leave 1..100 or do not end at 100', () => {
    expect(
      problemAt(
        {
          ...minimal,
          steps: [{ weight: 50 }, { weight: 50 }, { weight: 100 }],
        },
        'steps.1.weight',
      ),
    ).toMatch(/must increase from step to step \(50 then 50\)/);
    expect(
      problemAt(
        { ...minimal, steps: [{ weight: 10 }, { weight: 50 }] },
        'steps.1.weight',
      ),
    ).toMatch(/last step must have weight 100/);
    expect(
      problemAt(
        { ...minimal, steps: [{ weight: 0 }, { weight: 100 }] },
        'steps.0.weight',
      ),
    ).toMatch(/whole percentage from 1 to 100/);
    expect(
      problemAt(
        { ...minimal, steps: [{ weight: 12.5 }, { weight: 100 }] },
        'steps.0.weight',
      ),
    ).toMatch(/whole percentage from 1 to 100/);
    expect(problemAt({ ...minimal, steps: [] }, 'steps')).toMatch(/>=1/);
  });

  it('refuses a pause that is both, neither or out of range', () => {
    const withPause = (pause: unknown) => ({
      ...minimal,
      steps: [{ weight: 10, pause }, { weight: 100 }],
    });
    expect(
      problemAt(
        withPause({ seconds: 10, untilResumed: true }),
        'steps.0.pause',
      ),
    ).toMatch(/either \{ seconds: n \} or \{ untilResumed: true \}/);
    expect(problemAt(withPause({}), 'steps.0.pause')).toMatch(/either/);
    expect(
      problemAt(withPause({ seconds: 0 }), 'steps.0.pause.seconds'),
    ).toMatch(/>=1/);
    expect(
      problemAt(
        withPause({ untilResumed: false }),
        'steps.0.pause.untilResumed',
      ),
    ).toMatch(/expected true/);
  });

  it('refuses an analysis window too short to hold minSamples', () => {
    expect(
      problemAt(
        { ...minimal, analysis: { windowSeconds: 60, intervalSeconds: 15 } },
        'analysis.windowSeconds',
      ),
    ).toMatch(/holds 4 samples, fewer than minSamples \(6\)/);
  });

  it('refuses alpha and minSamples outside their ranges, or that could never fail a canary', () => {
    expect(
      problemAt({ ...minimal, analysis: { alpha: 0 } }, 'analysis.alpha'),
    ).toMatch(/>0/);
    expect(
      problemAt({ ...minimal, analysis: { alpha: 0.3 } }, 'analysis.alpha'),
    ).toMatch(/<=0.2/);
    expect(
      problemAt(
        { ...minimal, analysis: { minSamples: 2 } },
        'analysis.minSamples',
      ),
    ).toMatch(/>=3/);
    // Three samples a track: the most extreme arrangement has p = 1/20.
    // The wording is the judge's; what matters is that it is refused here.
    expect(
      problems({ ...minimal, analysis: { minSamples: 3, alpha: 0.05 } }),
    ).toEqual([expect.stringMatching(/^analysis\.minSamples: /)]);
    expect(
      problems({ ...minimal, analysis: { minSamples: 3, alpha: 0.1 } }),
    ).toEqual([]);
  });

  it('refuses team queries without a tolerance, with a taken name, or too many', () => {
    const query = { name: 'q', promql: 'up', higherIsWorse: true, maxRatio: 2 };
    const withQueries = (queries: unknown[]) => ({
      ...minimal,
      analysis: { queries },
    });
    expect(
      problemAt(
        withQueries([{ name: 'q', promql: 'up', higherIsWorse: true }]),
        'analysis.queries.0',
      ),
    ).toMatch(/at least one of maxIncrease, maxRatio and maxValue/);
    expect(
      problemAt(
        withQueries([{ ...query, maxRatio: 0.5 }]),
        'analysis.queries.0.maxRatio',
      ),
    ).toMatch(/>=1/);
    expect(
      problemAt(withQueries([query, query]), 'analysis.queries.1.name'),
    ).toMatch(/already taken by another query/);
    expect(
      problemAt(
        withQueries([{ ...query, name: 'errorRate' }]),
        'analysis.queries.0.name',
      ),
    ).toMatch(/already taken by a built-in metric/);
    expect(
      problemAt(
        withQueries([{ ...query, promql: '   ' }]),
        'analysis.queries.0.promql',
      ),
    ).toMatch(/>=1/);
    expect(
      problemAt(
        withQueries(
          Array.from({ length: 11 }, (_, i) => ({ ...query, name: `q${i}` })),
        ),
        'analysis.queries',
      ),
    ).toMatch(/<=10/);
  });

  it('refuses a failure limit below one and names unknown keys', () => {
    expect(problemAt({ ...minimal, failureLimit: 0 }, 'failureLimit')).toMatch(
      />=1/,
    );
    expect(problemAt({ ...minimal, failurelimit: 2 }, '')).toMatch(
      /Unrecognized key: "failurelimit"/,
    );
    expect(
      problemAt(
        { ...minimal, analysis: { errorRate: { maxIncrease: 1 } } },
        'analysis.errorRate',
      ),
    ).toMatch(/Unrecognized key: "maxIncrease"/);
  });
});
