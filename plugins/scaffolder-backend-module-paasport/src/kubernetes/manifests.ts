import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { KubernetesObject } from '@kubernetes/client-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * A manifest from the workspace, with the file it came from for messages.
 *
 * @public
 */
export interface Manifest {
  object: KubernetesObject;
  file: string;
}

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
      const object = doc.toJS() as KubernetesObject | null;
      if (object === null || object === undefined) continue; // empty document
      if (
        typeof object !== 'object' ||
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
