import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  KubernetesKind,
  KubernetesObject,
  KubernetesObjectRef,
} from '@paasport/kubernetes-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * A manifest from the workspace, with the file it came from for messages.
 *
 * @public
 */
export interface Manifest {
  object: ManifestObject;
  file: string;
}

/**
 * An object read from a manifest: kind and name are always there; the rest
 * (`spec`, `data`, `roleRef`...) is the kind's own.
 *
 * @public
 */
export type ManifestObject = KubernetesObject &
  KubernetesKind & { metadata: { name: string } } & {
    [field: string]: unknown;
  };

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Reads every `.yaml`/`.yml` file under `dir` (a path inside the workspace),
 * in file-name order, one object per YAML document. Bad YAML or objects
 * without apiVersion, kind and name are an {@link InputError} naming the file.
 *
 * @public
 */
export async function readManifests(
  workspacePath: string,
  dir: string,
): Promise<Manifest[]> {
  const root = resolveSafeChildPath(workspacePath, dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat) {
    throw new InputError(`No manifests at '${dir}' in the workspace`);
  }
  const files = stat.isDirectory()
    ? (await fs.readdir(root, { recursive: true }))
        .map(f => String(f))
        .filter(f => /\.ya?ml$/.test(f))
        .sort()
        .map(f => path.join(root, f))
    : [root];
  const manifests: Manifest[] = [];
  for (const file of files) {
    const relative = path.relative(workspacePath, file);
    const docs = parseAllDocuments(await fs.readFile(file, 'utf8'));
    for (const doc of docs) {
      if (doc.errors.length) {
        throw new InputError(`${relative}: ${doc.errors[0].message}`);
      }
      const object = doc.toJS() as ManifestObject | null;
      if (object === null || object === undefined) continue; // empty document
      if (
        typeof object !== 'object' ||
        typeof object.metadata !== 'object' ||
        typeof object.apiVersion !== 'string' ||
        typeof object.kind !== 'string' ||
        typeof object.metadata?.name !== 'string' ||
        !NAME.test(object.metadata.name)
      ) {
        throw new InputError(
          `${relative}: every document needs apiVersion, kind and a valid metadata.name`,
        );
      }
      manifests.push({ object, file: relative });
    }
  }
  if (manifests.length === 0) {
    throw new InputError(`No Kubernetes objects in '${dir}'`);
  }
  return manifests;
}

/**
 * The reference of a manifest's object.
 *
 * @public
 */
export function refOf(object: ManifestObject): KubernetesObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
  };
}

/**
 * How the task log names an object: `Kind namespace/name`.
 *
 * @public
 */
export function describeObject(object: ManifestObject): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}
