import { InstanceBinding } from '@paasport/plugin-marketplace-common';
import Typography from '@material-ui/core/Typography';
import { SecretName } from '../SecretName';
import { StateLabel } from '../StateLabel';

/** A compact list of bindings: where each Secret is and its state. */
export function BindingList({ bindings }: { bindings: InstanceBinding[] }) {
  const current = bindings.filter(b => b.state !== 'deleted');
  if (!current.length) {
    return <Typography color="textSecondary">None</Typography>;
  }
  return (
    <>
      {current.map(binding => (
        <div key={binding.id}>
          <SecretName binding={binding} />{' '}
          <StateLabel state={binding.state} of="binding" />
        </div>
      ))}
    </>
  );
}
