import { InputError } from '@backstage/errors';
import { KubernetesKind, TEAM_LABEL } from '@paasport/kubernetes-node';
import { Manifest, ManifestObject } from '../../kubernetes/manifests';
import { platformObjectProblem } from '../../kubernetes/platformObjects';
import { TASK_ANNOTATION } from '../namespace/namespaceObjects';

/**
 * A manifest's object as it will be written, with the file it came from.
 */
export interface PlacedManifest {
  object: ManifestObject;
  file: string;
}

/**
 * Refuses, before anything is written, the objects a template may never
 * bring: the platform's kinds in a team namespace (quota, limit range, roles
 * and their bindings).
 */
export function refusePlatformObjects(
  manifests: Manifest[],
  teamRole: string,
): void {
  const problems = manifests.flatMap(({ object, file }) => {
    const problem = platformObjectProblem(object, teamRole);
    return problem ? [`${file}: ${problem}`] : [];
  });
  if (problems.length) {
    throw new InputError(`${problems.join('; ')}. Nothing was applied.`);
  }
}

/**
 * Puts every manifest into the team namespace, labels it with the team and
 * annotates it with the task; refuses cluster-scoped kinds and other
 * namespaces.
 */
export async function placeManifests(options: {
  manifests: Manifest[];
  namespace: string;
  teamLabel: string;
  taskId: string;
  isNamespaced: (type: KubernetesKind) => Promise<boolean>;
  extraLabels?: Record<string, string>;
}): Promise<PlacedManifest[]> {
  const placed: PlacedManifest[] = [];
  for (const { object, file } of options.manifests) {
    const where = `${file}: ${object.kind} ${object.metadata.name}`;
    if (!(await options.isNamespaced(object))) {
      throw new InputError(
        `${where} is cluster-scoped; templates may only create objects in the team namespace`,
      );
    }
    const declared = object.metadata.namespace;
    if (declared && declared !== options.namespace) {
      throw new InputError(
        `${where} names namespace ${declared}; it must be the team namespace ${options.namespace} (or none)`,
      );
    }
    placed.push({
      file,
      object: {
        ...object,
        metadata: {
          ...object.metadata,
          namespace: options.namespace,
          labels: {
            ...object.metadata.labels,
            ...options.extraLabels,
            [TEAM_LABEL]: options.teamLabel,
          },
          annotations: {
            ...object.metadata.annotations,
            [TASK_ANNOTATION]: options.taskId,
          },
        },
      },
    });
  }
  return placed;
}
