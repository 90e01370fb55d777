import { InstanceBinding } from '@paasport/plugin-marketplace-common';

/** Where a binding's Secret lives: `cluster: namespace/name`. */
export function SecretName({ binding }: { binding: InstanceBinding }) {
  return (
    <code>
      {binding.cluster ? `${binding.cluster}: ` : ''}
      {binding.namespace}/{binding.secretName}
    </code>
  );
}
