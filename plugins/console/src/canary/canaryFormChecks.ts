import { ANALYSIS_INTERVAL_SECONDS, CanaryForm } from './canaryForm';

// What is worth checking before a round trip. The backend owns the rules of
// a release (canarySpec.ts); these only catch what is plainly incomplete or
// out of its ranges, and its 400 answer says the rest.

/** Field path (`steps.1.weight`) to what is wrong with it. @internal */
export type CanaryFormErrors = Record<string, string>;

const MIN_REASON = 3;
const MAX_STEPS = 20;
const MAX_QUERIES = 10;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
// The backend's annotation key rule (canarySpec.ts), as Kubernetes has it:
// an optional DNS subdomain prefix and "/", then a name of at most 63.
const ANNOTATION_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const MAX_ANNOTATION_KEY = 316;
const MAX_ANNOTATION_VALUE = 4096;
const QUERY_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,62}$/;
const BUILT_IN_METRICS = ['errorRate', 'latencyP95'];

/** A field's number, or undefined when it holds none. */
function numberOf(value: string): number | undefined {
  if (!value.trim()) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function checkNumber(
  errors: CanaryFormErrors,
  path: string,
  value: string,
  limits: { min: number; max?: number; integer?: boolean },
): number | undefined {
  const parsed = numberOf(value);
  const { min, max, integer } = limits;
  const range = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
  const what = integer ? 'a whole number' : 'a number';
  if (
    parsed === undefined ||
    (integer && !Number.isInteger(parsed)) ||
    parsed < min ||
    (max !== undefined && parsed > max)
  ) {
    errors[path] = `Give ${what} ${range}`;
    return undefined;
  }
  return parsed;
}

function checkEnv(form: CanaryForm, errors: CanaryFormErrors) {
  const seen = new Set<string>();
  form.env.forEach((field, index) => {
    const key = `${field.container}/${field.name}`;
    if (!ENV_VAR_NAME.test(field.name)) {
      errors[`env.${index}.name`] = 'Not an environment variable name';
    } else if (seen.has(key)) {
      errors[`env.${index}.name`] = `Already changed for ${field.container}`;
    }
    seen.add(key);
  });
}

function checkAnnotations(form: CanaryForm, errors: CanaryFormErrors) {
  const seen = new Set<string>();
  form.annotations.forEach((field, index) => {
    const path = `annotations.${index}`;
    if (!field.key) {
      errors[`${path}.key`] = 'Give a key';
    } else if (
      field.key.length > MAX_ANNOTATION_KEY ||
      !ANNOTATION_KEY.test(field.key)
    ) {
      errors[`${path}.key`] =
        'Not an annotation key: an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or "."';
    } else if (seen.has(field.key)) {
      errors[`${path}.key`] = 'Already changed';
    }
    seen.add(field.key);
    // A removed annotation sends no value, so what was typed does not count.
    if (!field.remove && field.value.length > MAX_ANNOTATION_VALUE) {
      errors[`${path}.value`] = `At most ${MAX_ANNOTATION_VALUE} characters`;
    }
  });
}

function checkSteps(form: CanaryForm, errors: CanaryFormErrors) {
  if (form.steps.length > MAX_STEPS) {
    errors.steps = `At most ${MAX_STEPS} steps`;
  }
  let previous = 0;
  form.steps.forEach((step, index) => {
    const path = `steps.${index}`;
    const weight = checkNumber(errors, `${path}.weight`, step.weight, {
      min: 1,
      max: 100,
      integer: true,
    });
    if (weight !== undefined && weight <= previous) {
      errors[
        `${path}.weight`
      ] = `Must be more than the step before (${previous} %)`;
    }
    if (weight !== undefined) previous = weight;
    if (step.pause === 'timed') {
      checkNumber(errors, `${path}.seconds`, step.seconds, {
        min: 1,
        max: 86_400,
        integer: true,
      });
    }
  });
  const last = form.steps.length - 1;
  if (last < 0) {
    errors.steps = 'Give at least one step';
  } else if (numberOf(form.steps[last].weight) !== 100) {
    errors[`steps.${last}.weight`] ??=
      'The last step must be 100 %: it is the step that promotes the canary';
  }
}

function checkAnalysis(form: CanaryForm, errors: CanaryFormErrors) {
  checkNumber(errors, 'errorRatePoints', form.errorRatePoints, {
    min: 0,
    max: 100,
  });
  checkNumber(errors, 'latencyRatio', form.latencyRatio, { min: 1, max: 100 });
  const minSamples = checkNumber(errors, 'minSamples', form.minSamples, {
    min: 3,
    max: 1000,
    integer: true,
  });
  checkNumber(errors, 'minRequests', form.minRequests, {
    min: 0,
    integer: true,
  });
  const window = checkNumber(errors, 'windowSeconds', form.windowSeconds, {
    min: 15,
    max: 3600,
    integer: true,
  });
  if (window !== undefined && minSamples !== undefined) {
    const samples = Math.floor(window / ANALYSIS_INTERVAL_SECONDS);
    if (samples < minSamples) {
      errors.windowSeconds = `Holds ${samples} samples (one per ${ANALYSIS_INTERVAL_SECONDS} s), fewer than the minimum of ${minSamples}`;
    }
  }
  checkNumber(errors, 'failureLimit', form.failureLimit, {
    min: 1,
    max: 10,
    integer: true,
  });
}

function checkQueries(form: CanaryForm, errors: CanaryFormErrors) {
  if (form.queries.length > MAX_QUERIES) {
    errors.queries = `At most ${MAX_QUERIES} queries`;
  }
  const seen = new Set(BUILT_IN_METRICS);
  form.queries.forEach((query, index) => {
    const path = `queries.${index}`;
    if (!QUERY_NAME.test(query.name)) {
      errors[`${path}.name`] =
        'A letter, then letters, digits, "_" or "-" (at most 63)';
    } else if (seen.has(query.name)) {
      errors[`${path}.name`] = 'This name is already taken';
    }
    seen.add(query.name);
    if (!query.promql.trim()) errors[`${path}.promql`] = 'Give the PromQL';
    const thresholds = ['maxIncrease', 'maxRatio', 'maxValue'] as const;
    const given = thresholds.filter(key => query[key].trim());
    if (!given.length) {
      errors[`${path}.maxIncrease`] =
        'Give at least one of max increase, max ratio and ceiling';
    }
    if (query.maxIncrease.trim()) {
      checkNumber(errors, `${path}.maxIncrease`, query.maxIncrease, { min: 0 });
    }
    if (query.maxRatio.trim()) {
      checkNumber(errors, `${path}.maxRatio`, query.maxRatio, { min: 1 });
    }
    if (query.maxValue.trim()) {
      if (numberOf(query.maxValue) === undefined) {
        errors[`${path}.maxValue`] = 'Give a number';
      } else if (!query.higherIsWorse) {
        errors[`${path}.maxValue`] =
          'A ceiling only applies when higher is worse';
      }
    }
  });
}

/**
 * What is plainly wrong or missing in the form, by field path; empty when
 * it can be sent.
 *
 * @internal
 */
export function validateCanaryForm(form: CanaryForm): CanaryFormErrors {
  const errors: CanaryFormErrors = {};
  form.images.forEach((field, index) => {
    if (!field.image.trim()) errors[`images.${index}`] = 'Give an image';
  });
  checkEnv(form, errors);
  checkAnnotations(form, errors);
  const changed =
    form.images.some(f => f.image.trim() && f.image.trim() !== f.current) ||
    form.env.length > 0 ||
    form.annotations.length > 0;
  if (!changed) {
    errors.release =
      'Nothing to release: change an image, an environment variable or an annotation';
  }
  checkSteps(form, errors);
  checkAnalysis(form, errors);
  checkQueries(form, errors);
  const reason = form.reason.trim();
  if (reason.length < MIN_REASON) {
    errors.reason = `Say why, in at least ${MIN_REASON} characters`;
  }
  return errors;
}
