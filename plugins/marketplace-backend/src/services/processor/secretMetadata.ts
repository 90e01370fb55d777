import {
  CREDENTIAL_SECRET_ANNOTATIONS as A,
  CREDENTIAL_SECRET_LABELS as L,
  CREDENTIAL_SECRET_MANAGER,
} from '@paasport/plugin-marketplace-node';
import { parseEntityRef } from '@backstage/catalog-model';
import { BindingRow, RequestRow } from '../../database/rows';

// Kubernetes label values: at most 63 characters, alphanumeric at both ends.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelValue(value: string | undefined): string | undefined {
  return value && value.length <= 63 && LABEL_VALUE.test(value)
    ? value
    : undefined;
}

function entityName(ref: string | null): string | undefined {
  if (!ref) return undefined;
  try {
    return parseEntityRef(ref).name;
  } catch {
    return undefined;
  }
}

function defined(values: Record<string, string | undefined>) {
  return Object.fromEntries(
    Object.entries(values).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

/**
 * Labels and annotations of a binding's Secret: they tie it to the request,
 * the binding, the application and the Component, so people and tools can
 * tell where it came from and the delivery can tell it is its own.
 */
export function secretMetadata(binding: BindingRow, request: RequestRow) {
  const component = binding.component_ref ?? request.component_ref;
  return {
    labels: defined({
      [L.managedBy]: CREDENTIAL_SECRET_MANAGER,
      [L.requestId]: request.id,
      [L.bindingId]: binding.id,
      [L.instance]: labelValue(request.name),
      [L.offering]: labelValue(request.offering_id),
      [L.system]: labelValue(entityName(request.system_ref)),
      [L.component]: labelValue(entityName(component)),
    }),
    annotations: defined({
      [A.systemRef]: request.system_ref,
      [A.componentRef]: component ?? undefined,
      [A.teamRef]: request.team_ref,
      [A.plan]: `${request.offering_id}/${request.plan_id}`,
      [A.bindingName]: binding.name,
      [A.requestedBy]: binding.created_by,
    }),
    type: labelValue(request.offering_id),
  };
}
