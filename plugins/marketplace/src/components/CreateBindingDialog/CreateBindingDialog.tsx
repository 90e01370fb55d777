import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  InstanceBinding,
  instanceNameSchema,
  InstanceRequest,
} from '@paasport/plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import DialogContentText from '@material-ui/core/DialogContentText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useId, useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { useSystemComponents } from '@paasport/plugin-paasport-react';
import { useClusters } from '../../hooks/useClusters';
import { ActionDialog } from '../ActionDialog';
import { ClusterSelect } from '../ClusterSelect';

/** Props of {@link CreateBindingDialog}. */
export interface CreateBindingDialogProps {
  request: InstanceRequest;
  onClose: () => void;
  onCreated: (binding: InstanceBinding) => void;
}

function nameProblem(name: string) {
  if (!name) return undefined;
  const parsed = instanceNameSchema.safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/**
 * Adds a binding: a user of its own on the instance for one component,
 * with credentials delivered as a Secret named after the instance and the
 * binding, in the team's namespace on the chosen cluster.
 */
export function CreateBindingDialog(props: CreateBindingDialogProps) {
  const id = useId();
  const { request, onClose, onCreated } = props;
  const api = useApi(marketplaceApiRef);
  const clusters = useClusters();
  const components = useSystemComponents(request.system);
  const [name, setName] = useState('');
  const [component, setComponent] = useState('');
  const [cluster, setCluster] = useState(request.cluster ?? '');
  const invalid = nameProblem(name);
  // The instance's cluster is the default; without one, a choice is needed
  // as soon as there is more than one place the Secret could go.
  const needsCluster = !request.cluster && (clusters.value?.length ?? 0) > 1;
  return (
    <ActionDialog
      title={`Add a binding to ${request.name}`}
      actionLabel="Add binding"
      actionColor="primary"
      actionDisabled={!name || Boolean(invalid) || (needsCluster && !cluster)}
      failure="No binding was added"
      onClose={onClose}
      onAction={async () => {
        onCreated(
          await api.createBinding(request.id, {
            name,
            ...(component ? { component } : {}),
            ...(cluster ? { cluster } : {}),
          }),
        );
      }}
    >
      <DialogContentText>
        A binding gets credentials of its own, delivered to Secret{' '}
        <code>
          {request.name}-{name || '<binding>'}
        </code>{' '}
        in the team&apos;s namespace. Bind each component separately, so each
        can be revoked alone.
      </DialogContentText>
      <TextField
        id={`${id}-component`}
        select
        label="Component"
        variant="outlined"
        fullWidth
        value={component}
        onChange={event => {
          const ref = event.target.value;
          setComponent(ref);
          const entity = components.value?.find(
            c => stringifyEntityRef(c) === ref,
          );
          if (entity && !name) setName(entity.metadata.name);
        }}
        helperText="The component that uses the credentials (optional)"
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value="">None</MenuItem>
        {(components.value ?? []).map(entity => (
          <MenuItem
            key={stringifyEntityRef(entity)}
            value={stringifyEntityRef(entity)}
          >
            {entity.metadata.title ?? entity.metadata.name}
          </MenuItem>
        ))}
      </TextField>
      <Box mt={2}>
        <TextField
          id={`${id}-name`}
          label="Binding name"
          variant="outlined"
          fullWidth
          required
          value={name}
          onChange={event => setName(event.target.value.trim())}
          error={Boolean(invalid)}
          helperText={invalid ?? 'Usually the component’s name'}
        />
      </Box>
      {(clusters.value?.length ?? 0) > 0 && (
        <Box mt={2}>
          <ClusterSelect
            clusters={clusters.value ?? []}
            value={cluster}
            onChange={setCluster}
            required={needsCluster}
            helperText="Where the Secret is delivered"
          />
        </Box>
      )}
    </ActionDialog>
  );
}
