import { z } from 'zod';
import { analysisSettingsSchema } from '../analysis/judge';
import { metricRuleSchema } from '../analysis/verdict';
import { imageReferenceProblem } from './imageReference';

// Kubernetes' own rules for the names a person types here: a container name
// is a DNS-1123 label, an environment variable name the apiserver's
// IsEnvVarName.
const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const QUERY_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,62}$/;
const BUILT_IN_METRICS = ['errorRate', 'latencyP95'];

/**
 * Records keyed by container name: the key's rule is checked here rather
 * than by a key schema, whose failure zod reports only as "Invalid key in
 * record", without saying what is wrong with the key.
 */
function byContainer<V extends z.ZodType>(value: V) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (key.length > 63 || !CONTAINER_NAME.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" is not a container name (lower-case letters, digits and "-", at most 63)`,
        });
      }
    }
  });
}

const imageSchema = z.string().superRefine((image, ctx) => {
  const problem = imageReferenceProblem(image);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const envChangesSchema = z
  .record(z.string(), z.string().nullable())
  .superRefine((env, ctx) => {
    for (const key of Object.keys(env)) {
      if (!ENV_VAR_NAME.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" is not an environment variable name`,
        });
      }
    }
  });

// Kubernetes' annotation keys: an optional DNS subdomain prefix and a name.
const ANNOTATION_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

const podAnnotationsSchema = z
  .record(z.string(), z.string().max(4096).nullable())
  .superRefine((annotations, ctx) => {
    for (const key of Object.keys(annotations)) {
      if (key.length > 316 || !ANNOTATION_KEY.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" is not an annotation key (an optional DNS prefix and "/", then letters, digits, "-", "_" or ".")`,
        });
      }
    }
  });

const pauseSchema = z
  .strictObject({
    seconds: z.number().int().min(1).max(86_400).optional(),
    untilResumed: z.literal(true).optional(),
  })
  .refine(p => (p.seconds === undefined) !== (p.untilResumed === undefined), {
    message: 'a pause is either { seconds: n } or { untilResumed: true }',
  })
  .transform((p): { seconds: number } | { untilResumed: true } =>
    p.untilResumed ? { untilResumed: true } : { seconds: p.seconds! },
  );

const WEIGHT_RANGE = 'a weight is a whole percentage from 1 to 100';

const stepSchema = z.strictObject({
  /** Percent of the stable Deployment's original replicas run as canary. */
  weight: z
    .number()
    .int(WEIGHT_RANGE)
    .min(1, WEIGHT_RANGE)
    .max(100, WEIGHT_RANGE),
  pause: pauseSchema.optional(),
});

const stepsSchema = z
  .array(stepSchema)
  .min(1)
  .max(20)
  .superRefine((steps, ctx) => {
    steps.forEach((step, index) => {
      if (index > 0 && step.weight <= steps[index - 1].weight) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'weight'],
          message: `weights must increase from step to step (${
            steps[index - 1].weight
          } then ${step.weight})`,
        });
      }
    });
    if (steps.length > 0 && steps[steps.length - 1].weight !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: [steps.length - 1, 'weight'],
        message:
          'the last step must have weight 100: it is the step that promotes the canary',
      });
    }
  })
  // Short on purpose: a default canary takes about seven minutes.
  .default(() => [
    { weight: 10, pause: { seconds: 120 } },
    { weight: 25, pause: { seconds: 120 } },
    { weight: 50, pause: { seconds: 120 } },
    { weight: 100 },
  ]);

const querySchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        QUERY_NAME,
        'a query name is a letter then letters, digits, "_" or "-"',
      ),
    promql: z.string().trim().min(1).max(4000),
    higherIsWorse: z.boolean(),
    maxIncrease: z.number().optional(),
    maxRatio: z.number().optional(),
    maxValue: z.number().optional(),
  })
  .superRefine((query, ctx) => {
    // The judge's rule schema is the one definition of a sound tolerance;
    // running it here refuses a bad rule when the person submits it, not
    // minutes later at the first analysis.
    const { name: _name, promql: _promql, ...rule } = query;
    const result = metricRuleSchema.safeParse(rule);
    for (const issue of result.error?.issues ?? []) {
      ctx.addIssue({
        code: 'custom',
        path: issue.path,
        message: issue.message,
      });
    }
  });

const analysisSchema = z
  .strictObject({
    /** Seconds between two samples of each metric. */
    intervalSeconds: z.number().int().min(5).max(600).default(15),
    /** Seconds of data each analysis judges, ending when it runs. */
    windowSeconds: z.number().int().min(15).max(3600).default(120),
    /** Fewer samples on either track: inconclusive, never pass. */
    minSamples: z.number().int().min(3).max(1000).default(6),
    /** One-sided significance level of the rank test. */
    alpha: z.number().gt(0).max(0.2).default(0.05),
    errorRate: z
      .strictObject({
        /** Percentage points of 5xx the canary may add to the stable's. */
        maxIncreasePoints: z.number().min(0).max(100).default(1),
      })
      .prefault({}),
    latencyP95: z
      .strictObject({
        /** How many times the stable's p95 latency the canary's may be. */
        maxRatio: z.number().min(1).max(100).default(1.2),
      })
      .prefault({}),
    /** Fewer requests on either track over the window: inconclusive. */
    minRequests: z.number().int().min(0).default(50),
    queries: z
      .array(querySchema)
      .max(10)
      .default(() => []),
  })
  .superRefine((analysis, ctx) => {
    const samples = Math.floor(
      analysis.windowSeconds / analysis.intervalSeconds,
    );
    if (samples < analysis.minSamples) {
      ctx.addIssue({
        code: 'custom',
        path: ['windowSeconds'],
        message: `a ${analysis.windowSeconds} s window sampled every ${analysis.intervalSeconds} s holds ${samples} samples, fewer than minSamples (${analysis.minSamples}): widen the window or sample more often`,
      });
    }
    const settings = analysisSettingsSchema.safeParse({
      minSamples: analysis.minSamples,
      alpha: analysis.alpha,
    });
    for (const issue of settings.error?.issues ?? []) {
      ctx.addIssue({
        code: 'custom',
        path: issue.path,
        message: issue.message,
      });
    }
    const seen = new Set(BUILT_IN_METRICS);
    analysis.queries.forEach((query, index) => {
      if (seen.has(query.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['queries', index, 'name'],
          message: `the name "${query.name}" is already taken by ${
            BUILT_IN_METRICS.includes(query.name)
              ? 'a built-in metric'
              : 'another query'
          }`,
        });
      }
      seen.add(query.name);
    });
  });

/**
 * A canary release as a person asks for it: the change to the pod template,
 * the steps and how each step is judged.
 *
 * Steps: each names the share of the stable Deployment's original replicas
 * that run the new template. The last step must be 100: reaching it moves
 * every replica to the canary, after which the stable Deployment takes the
 * canary's template and the canary is removed. Steps below 100 are analysed
 * (canary against stable); the 100 step is not, as no stable pods are left
 * to compare with. A step's pause is how long it runs before its analysis
 * (at least the analysis window, which has to fill first); `untilResumed`
 * analyses the step, then waits for a person. On the 100 step a pause holds
 * the promotion.
 *
 * @internal
 */
export const canarySpecSchema = z
  .strictObject({
    /** New image per container name. */
    images: byContainer(imageSchema).default(() => ({})),
    /** Environment changes per container: a value sets, `null` removes. */
    env: byContainer(envChangesSchema).default(() => ({})),
    /**
     * Pod template annotation changes: a value sets, `null` removes (a
     * config checksum, a feature switch read from the downward API).
     */
    annotations: podAnnotationsSchema.default(() => ({})),
    steps: stepsSchema,
    analysis: analysisSchema.prefault({}),
    /** Failed verdicts (over the whole canary) that abort it. */
    failureLimit: z.number().int().min(1).max(10).default(1),
    /**
     * Seconds a step may take to get its pods ready before the canary is
     * aborted, as a Deployment's own `progressDeadlineSeconds`.
     */
    progressDeadlineSeconds: z.number().int().min(30).max(3600).default(600),
  })
  .refine(
    spec =>
      Object.keys(spec.images).length > 0 ||
      Object.keys(spec.annotations).length > 0 ||
      Object.values(spec.env).some(changes => Object.keys(changes).length > 0),
    {
      message:
        'nothing to release: give a new image, an environment change or an annotation change',
    },
  );

/**
 * A validated canary request, defaults filled in.
 *
 * @internal
 */
export type CanarySpec = z.output<typeof canarySpecSchema>;

/**
 * A canary request as a person submits it, before defaults.
 *
 * @internal
 */
export type CanarySpecInput = z.input<typeof canarySpecSchema>;

/** @internal */
export type CanaryStep = CanarySpec['steps'][number];
