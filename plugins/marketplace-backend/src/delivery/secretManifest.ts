import {
  CREDENTIAL_SECRET_LABELS,
  CredentialDeliveryRequest,
} from '@paasport/plugin-marketplace-node';

/** The Secret object a delivery applies. */
export interface SecretManifest {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  type: string;
  data: Record<string, string>;
}

/**
 * The Secret for a binding's credentials, as a server-side apply
 * configuration: every field the marketplace owns and nothing else.
 *
 * @remarks
 * Values go into `data` (base64), not `stringData`: server-side apply tracks
 * `data` per key, so a key the provider stops returning is removed on the
 * next apply, while `stringData` is write-only and never owned. The binding
 * label is set last, so no caller can claim another binding's Secret.
 */
export function secretManifest(
  request: CredentialDeliveryRequest,
): SecretManifest {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.credentials)) {
    data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  if (request.type && data.type === undefined) {
    // The Service Binding specification's well-known entries.
    data.type = Buffer.from(request.type).toString('base64');
    data.provider ??= Buffer.from('paasport').toString('base64');
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: request.secretName,
      namespace: request.namespace,
      labels: {
        ...request.labels,
        [CREDENTIAL_SECRET_LABELS.bindingId]: request.bindingId,
      },
      annotations: { ...request.annotations },
    },
    type: request.type ? `servicebinding.io/${request.type}` : 'Opaque',
    data,
  };
}
