import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  InstanceBinding,
  InstanceRequest,
  marketplaceBindingCreatePermission,
  marketplaceBindingDeletePermission,
  marketplaceCredentialsRevealPermission,
} from '@paasport/plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { ConfirmDialog } from '../ConfirmDialog';
import { CreateBindingDialog } from '../CreateBindingDialog';
import { RevealCredentialsDialog } from '../RevealCredentialsDialog';
import { SecretName } from '../SecretName';
import { StateLabel } from '../StateLabel';
import { Timestamp } from '../Timestamp';

/** Props of {@link BindingsCard}. */
export interface BindingsCardProps {
  request: InstanceRequest;
  bindings: InstanceBinding[];
  /** Called after a binding was added or removed, to reload. */
  onChanged: () => void;
}

/** Enabled, or disabled with the reason on hover. */
function Guarded(props: {
  reason?: string;
  children: (disabled: boolean) => JSX.Element;
}) {
  if (!props.reason) return props.children(false);
  return (
    <Tooltip title={props.reason}>
      <span>{props.children(true)}</span>
    </Tooltip>
  );
}

/**
 * The instance's bindings: add one (credentials delivered as a Secret),
 * reveal a binding's credentials (audited, only with permission) and remove
 * one (revokes its user).
 */
export function BindingsCard({
  request,
  bindings,
  onChanged,
}: BindingsCardProps) {
  const api = useApi(marketplaceApiRef);
  const resourceRef = request.system;
  const canCreate = usePermission({
    permission: marketplaceBindingCreatePermission,
    resourceRef,
  }).allowed;
  const canDelete = usePermission({
    permission: marketplaceBindingDeletePermission,
    resourceRef,
  }).allowed;
  const canReveal = usePermission({
    permission: marketplaceCredentialsRevealPermission,
    resourceRef,
  }).allowed;
  const [adding, setAdding] = useState(false);
  const [revealing, setRevealing] = useState<InstanceBinding>();
  const [removing, setRemoving] = useState<InstanceBinding>();

  const current = bindings.filter(b => b.state !== 'deleted');
  const removed = bindings.length - current.length;
  const notAllowed = 'Only the owning team (or an admin) may do this';
  let addReason: string | undefined;
  if (!canCreate) addReason = notAllowed;
  else if (request.state !== 'ready') {
    addReason = `The instance is ${request.state}; bindings need a ready instance`;
  }

  return (
    <InfoCard
      title="Bindings"
      subheader="One user per binding, delivered as a Secret in the team's namespace"
      action={
        <Guarded reason={addReason}>
          {disabled => (
            <Button
              color="primary"
              variant="outlined"
              disabled={disabled}
              onClick={() => setAdding(true)}
            >
              Add binding
            </Button>
          )}
        </Guarded>
      }
    >
      {current.length ? (
        <Table size="small" aria-label={`Bindings of ${request.name}`}>
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Component</TableCell>
              <TableCell>Secret</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Delivered</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {current.map(binding => (
              <TableRow key={binding.id}>
                <TableCell>{binding.name}</TableCell>
                <TableCell>
                  {binding.component ? (
                    <EntityRefLink entityRef={binding.component} />
                  ) : (
                    '–'
                  )}
                </TableCell>
                <TableCell>
                  <SecretName binding={binding} />
                </TableCell>
                <TableCell>
                  <StateLabel state={binding.state} of="binding" />
                  {binding.lastError && (
                    <Typography variant="caption" color="error" component="div">
                      {binding.lastError}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {binding.deliveredAt ? (
                    <Timestamp iso={binding.deliveredAt} />
                  ) : (
                    'Not yet'
                  )}
                </TableCell>
                <TableCell align="right">
                  <Guarded
                    reason={
                      !canReveal
                        ? 'Revealing credentials needs marketplace.credentials.reveal'
                        : undefined
                    }
                  >
                    {disabled => (
                      <Button
                        size="small"
                        disabled={disabled || binding.state !== 'ready'}
                        onClick={() => setRevealing(binding)}
                        aria-label={`Reveal credentials of ${binding.name}`}
                      >
                        Reveal
                      </Button>
                    )}
                  </Guarded>
                  <Guarded reason={!canDelete ? notAllowed : undefined}>
                    {disabled => (
                      <Button
                        size="small"
                        disabled={disabled || binding.state === 'unbinding'}
                        onClick={() => setRemoving(binding)}
                        aria-label={`Remove binding ${binding.name}`}
                      >
                        Remove
                      </Button>
                    )}
                  </Guarded>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography color="textSecondary">No bindings.</Typography>
      )}
      {removed > 0 && (
        <Typography variant="caption" color="textSecondary">
          {removed} removed binding(s) are in the history.
        </Typography>
      )}
      {adding && (
        <CreateBindingDialog
          request={request}
          onClose={() => setAdding(false)}
          onCreated={() => {
            setAdding(false);
            onChanged();
          }}
        />
      )}
      {revealing && (
        <RevealCredentialsDialog
          binding={revealing}
          onClose={() => setRevealing(undefined)}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove binding ${removing.name}?`}
          confirmLabel="Remove binding"
          failure="The binding was not removed"
          onClose={() => setRemoving(undefined)}
          onConfirm={async () => {
            await api.deleteBinding(request.id, removing.id);
            onChanged();
          }}
        >
          Its user is dropped and Secret <SecretName binding={removing} /> is
          deleted: workloads using it lose access at once.
        </ConfirmDialog>
      )}
    </InfoCard>
  );
}
