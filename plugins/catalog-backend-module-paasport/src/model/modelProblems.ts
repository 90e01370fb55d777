import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
} from '@backstage/catalog-model';
import { NAMESPACE_ANNOTATION, NAMESPACES_ANNOTATION } from '../constants';
import { isNamespaceName, parseTeamNamespaces } from './teamNamespaces';

const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/**
 * What is wrong with an entity under Paasport's model, as messages for the
 * catalog's processing status; empty when it is fine.
 *
 * @remarks
 * Covers what can be decided from the entity alone: team Groups must name
 * their namespace (`paasport.io/namespace`, optionally overridden per cluster
 * with `paasport.io/namespaces: "dev=ns-a,prod=ns-b"`), and every namespace
 * name of a Group or of `backstage.io/kubernetes-namespace` must be an RFC
 * 1123 label. Whether a Component's System exists needs
 * the catalog; see {@link referencedSystem}. A malformed `spec.system` is
 * reported here.
 *
 * @public
 */
export function modelProblems(entity: Entity): string[] {
  const problems: string[] = [];
  const annotations = entity.metadata.annotations ?? {};
  const isGroup = entity.kind.toLowerCase() === 'group';
  const hasNamespaces =
    NAMESPACE_ANNOTATION in annotations || NAMESPACES_ANNOTATION in annotations;
  if (isGroup && entity.spec?.type === 'team' && !hasNamespaces) {
    problems.push(
      `Team ${entity.metadata.name} has no ${NAMESPACE_ANNOTATION} annotation: ` +
        `name the namespace the team owns on every cluster ` +
        `(and ${NAMESPACES_ANNOTATION} for per-cluster names)`,
    );
  }
  if (isGroup && hasNamespaces) {
    problems.push(...parseTeamNamespaces(annotations).problems);
  }
  const kubernetesNamespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  if (
    kubernetesNamespace !== undefined &&
    !isNamespaceName(kubernetesNamespace)
  ) {
    problems.push(
      `${KUBERNETES_NAMESPACE_ANNOTATION}: '${kubernetesNamespace}' is not a ` +
        'valid namespace name (RFC 1123 label)',
    );
  }
  const system = parseSystem(entity);
  if (system && 'problem' in system) {
    problems.push(system.problem);
  }
  return problems;
}

type SystemReference = { ref: CompoundEntityRef } | { problem: string };

function parseSystem(entity: Entity): SystemReference | undefined {
  const system = entity.spec?.system;
  if (entity.kind.toLowerCase() !== 'component' || system === undefined) {
    return undefined;
  }
  try {
    const ref = parseEntityRef(String(system), {
      defaultKind: 'system',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    return ref.kind.toLowerCase() === 'system'
      ? { ref }
      : { problem: `spec.system '${system}' must name a System` };
  } catch {
    return { problem: `spec.system '${system}' is not an entity reference` };
  }
}

/**
 * The System a Component says it is part of (`spec.system`), resolved
 * relative to the Component's namespace; `undefined` for other entities, when
 * no System is named, or when `spec.system` is malformed (which
 * {@link modelProblems} reports).
 *
 * @public
 */
export function referencedSystem(
  entity: Entity,
): CompoundEntityRef | undefined {
  const system = parseSystem(entity);
  return system && 'ref' in system ? system.ref : undefined;
}
