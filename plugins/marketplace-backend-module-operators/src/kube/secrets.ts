import { randomBytes } from 'node:crypto';
import { DesiredObject, KubeObject, ResourceType, SECRET } from './types';

/**
 * A decoded value of a Secret's `data`, or undefined when the key is missing
 * or not base64 text.
 */
export function secretValue(
  secret: KubeObject | undefined,
  key: string,
): string | undefined {
  const data = secret?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return undefined;
  }
  const encoded = (data as Record<string, unknown>)[key];
  if (typeof encoded !== 'string') return undefined;
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/** A password that survives any quoting (URIs, JAAS, shell): 32 url-safe characters. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * A Secret the provider owns. `stringData` is only ever sent to the API
 * server; it is never logged or returned by the provider.
 */
export function passwordSecret(
  name: string,
  key: string,
  owner?: { type: ResourceType; name: string },
): DesiredObject {
  return {
    type: SECRET,
    owner,
    body: {
      metadata: { name },
      type: 'Opaque',
      stringData: { [key]: generatePassword() },
    },
  };
}
