import { TemplateChange } from '@paasport/plugin-console-common';
import { PodTemplate } from '../cache/types';

/** The label the Deployment controller adds to tell ReplicaSets apart. */
const HASH_LABEL = 'pod-template-hash';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A pod template as plain JSON, without what the controllers add (the
 * `pod-template-hash` label, ControllerRevision `$patch` markers, null
 * timestamps) so that templates of different sources compare equal.
 *
 * @internal
 */
export function normalizeTemplate(template: PodTemplate | undefined): Json {
  const copy = JSON.parse(JSON.stringify(template ?? {}), (key, value) =>
    key === '$patch' || value === null ? undefined : value,
  );
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) {
      delete copy.metadata.labels;
    }
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) {
    delete copy.metadata;
  }
  return copy;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyPath(path: string, key: string) {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Arrays of named things (containers, env, ports, volumes) pair up by name. */
function byName(list: Json[]): Map<string, Json> | undefined {
  const names = list.map(item =>
    isObject(item) && typeof item.name === 'string' ? item.name : undefined,
  );
  if (
    names.some(n => n === undefined) ||
    new Set(names).size !== names.length
  ) {
    return undefined;
  }
  return new Map(list.map((item, i) => [names[i]!, item]));
}

function walk(
  from: Json | undefined,
  to: Json | undefined,
  path: string,
  out: TemplateChange[],
) {
  if (from === undefined && to === undefined) return;
  if (from === undefined) {
    out.push({ path, change: 'added', to });
    return;
  }
  if (to === undefined) {
    out.push({ path, change: 'removed', from });
    return;
  }
  if (isObject(from) && isObject(to)) {
    const keys = [
      ...new Set([...Object.keys(from), ...Object.keys(to)]),
    ].sort();
    for (const key of keys) walk(from[key], to[key], keyPath(path, key), out);
    return;
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    const a = byName(from);
    const b = byName(to);
    if (a && b) {
      const names = [...new Set([...a.keys(), ...b.keys()])];
      for (const n of names) walk(a.get(n), b.get(n), `${path}[${n}]`, out);
      return;
    }
    for (let i = 0; i < Math.max(from.length, to.length); i++) {
      walk(from[i], to[i], `${path}[${i}]`, out);
    }
    return;
  }
  if (JSON.stringify(from) !== JSON.stringify(to)) {
    out.push({ path, change: 'changed', from, to });
  }
}

/** Shown instead of an environment variable's value. */
export const HIDDEN_VALUE = '(value hidden)';

const ENV_VALUE_PATH = /\.env\[[^\]]*\]\.value$/;
const ENV_ITEM_PATH = /\.env\[[^\]]*\]$/;
const ENV_LIST_PATH = /\.env$/;

function hideValue(item: Json): Json {
  return isObject(item) && 'value' in item
    ? { ...item, value: HIDDEN_VALUE }
    : item;
}

/**
 * A copy of the value found at `path` with every environment variable's
 * value replaced by {@link HIDDEN_VALUE}.
 */
function hideEnvValues(json: Json | undefined, path: string): Json | undefined {
  if (json === undefined) return json;
  if (ENV_ITEM_PATH.test(path)) return hideValue(json);
  if (ENV_LIST_PATH.test(path) && Array.isArray(json)) {
    return json.map(hideValue);
  }
  if (Array.isArray(json)) {
    return json.map((item, i) => hideEnvValues(item, `${path}[${i}]`)!);
  }
  if (!isObject(json)) return json;
  const copy: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(json)) {
    copy[key] = hideEnvValues(value, `${path}.${key}`)!;
  }
  return copy;
}

/**
 * What changes from one pod template to another, field by field.
 *
 * @remarks
 * Environment variable values are never in the result: teams put database
 * passwords there, and a diff is shown to everyone who can read the entity.
 * A changed value is reported as `changed` with no `from`/`to`; values
 * inside added or removed containers read {@link HIDDEN_VALUE}.
 *
 * @internal
 */
export function diffTemplates(
  from: PodTemplate | undefined,
  to: PodTemplate | undefined,
): TemplateChange[] {
  const changes: TemplateChange[] = [];
  walk(normalizeTemplate(from), normalizeTemplate(to), '', changes);
  return changes.map(change => {
    if (ENV_VALUE_PATH.test(change.path)) {
      return { path: change.path, change: change.change };
    }
    return {
      ...change,
      ...('from' in change && {
        from: hideEnvValues(change.from as Json, change.path),
      }),
      ...('to' in change && {
        to: hideEnvValues(change.to as Json, change.path),
      }),
    };
  });
}

/**
 * Whether two pod templates are the same apart from controller bookkeeping,
 * as kubectl decides before a rollback.
 *
 * @internal
 */
export function sameTemplate(
  a: PodTemplate | undefined,
  b: PodTemplate | undefined,
) {
  return diffTemplates(a, b).length === 0;
}
