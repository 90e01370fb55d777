import { InputError } from '@backstage/errors';
import { CANARY_TRACK_LABEL } from '@paasport/kubernetes-node';
import { createHash } from 'node:crypto';
import { Container, PodTemplate } from '../../cache/types';
import { normalizeTemplate } from '../../releases/templateDiff';
import { CanarySpec } from '../plan';

/** The value of {@link CANARY_TRACK_LABEL} on the canary's pods. */
export const CANARY_TRACK = 'canary';

/**
 * The canary's pod template: the stable Deployment's with the release's
 * images, environment and annotation changes, and the track label.
 *
 * @remarks
 * Every container the release names must exist in the stable template:
 * a typo would otherwise start a canary that changes nothing it meant to.
 *
 * @internal
 */
export function canaryPodTemplate(
  stable: PodTemplate,
  spec: Pick<CanarySpec, 'images' | 'env' | 'annotations'>,
): PodTemplate {
  const template: PodTemplate = JSON.parse(JSON.stringify(stable));
  const containers = [
    ...(template.spec?.containers ?? []),
    ...(template.spec?.initContainers ?? []),
  ];
  const byName = new Map(containers.map(c => [c.name, c]));
  const named = new Set([
    ...Object.keys(spec.images),
    ...Object.keys(spec.env),
  ]);
  const missing = [...named].filter(name => !byName.has(name));
  if (missing.length) {
    throw new InputError(
      `The Deployment has no container ${missing
        .map(n => `"${n}"`)
        .join(', ')}; its containers are ${[...byName.keys()]
        .map(n => `"${n}"`)
        .join(', ')}`,
    );
  }
  for (const [name, image] of Object.entries(spec.images)) {
    byName.get(name)!.image = image;
  }
  for (const [name, changes] of Object.entries(spec.env)) {
    applyEnv(byName.get(name)!, changes);
  }
  const metadata = (template.metadata ??= {});
  const annotations = { ...metadata.annotations };
  for (const [key, value] of Object.entries(spec.annotations)) {
    if (value === null) delete annotations[key];
    else annotations[key] = value;
  }
  // An empty map or list is dropped by the API server: leaving it out keeps
  // the fingerprint of what is stored equal to this one's.
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  metadata.labels = { ...metadata.labels, [CANARY_TRACK_LABEL]: CANARY_TRACK };
  return template;
}

function applyEnv(
  container: Container,
  changes: Record<string, string | null>,
) {
  type EnvVar = { name: string; value?: string; valueFrom?: unknown };
  let env = ((container.env as EnvVar[] | undefined) ?? []).slice();
  for (const [name, value] of Object.entries(changes)) {
    env = env.filter(e => e.name !== name);
    if (value !== null) env.push({ name, value });
  }
  if (env.length) container.env = env;
  else delete container.env;
}

/**
 * The stable Deployment's template after promotion: the canary's without
 * the track label, so the stable's pods stay outside the canary's selector.
 *
 * @internal
 */
export function promotedTemplate(canary: PodTemplate): PodTemplate {
  const template: PodTemplate = JSON.parse(JSON.stringify(canary));
  if (template.metadata?.labels) {
    delete template.metadata.labels[CANARY_TRACK_LABEL];
  }
  return template;
}

/**
 * A pod template's fingerprint, the same for the canary's template and the
 * stable's after promotion: controller bookkeeping and the track label are
 * left out, keys are sorted.
 *
 * @internal
 */
export function templateFingerprint(template: PodTemplate | undefined): string {
  const normalized = normalizeTemplate(promotedTemplate(template ?? {}));
  return createHash('sha256')
    .update(stableStringify(normalized))
    .digest('hex')
    .slice(0, 32);
}

/** Plain code-unit order: the same on every machine, unlike localeCompare. */
function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareCodeUnits(a, b));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
