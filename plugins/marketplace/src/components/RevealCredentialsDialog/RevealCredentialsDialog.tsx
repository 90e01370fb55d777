import { CopyTextButton } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  InstanceBinding,
  RevealedCredentials,
} from '@paasport/plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { useSubmit } from '../../hooks/useSubmit';
import { ApiErrorAlert } from '../ApiErrorAlert';
import { SecretName } from '../SecretName';

/** Props of {@link RevealCredentialsDialog}. */
export interface RevealCredentialsDialogProps {
  binding: InstanceBinding;
  onClose: () => void;
}

/**
 * Shows a binding's credentials after an explicit confirmation, through the
 * backend's audited reveal endpoint. Nothing is fetched before the user
 * confirms, and the values are gone when the dialog closes.
 */
export function RevealCredentialsDialog({
  binding,
  onClose,
}: RevealCredentialsDialogProps) {
  const api = useApi(marketplaceApiRef);
  const [revealed, setRevealed] = useState<RevealedCredentials>();
  const reveal = useSubmit(async () => {
    setRevealed(await api.revealCredentials(binding.requestId, binding.id));
  });
  const titleId = `reveal-${binding.id}`;
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>Credentials of {binding.name}</DialogTitle>
      <DialogContent>
        {revealed ? (
          <Table size="small" aria-label={`Credentials of ${binding.name}`}>
            <TableBody>
              {Object.entries(revealed.credentials).map(([key, value]) => (
                <TableRow key={key}>
                  <TableCell component="th" scope="row">
                    {key}
                  </TableCell>
                  <TableCell>
                    <code>{String(value)}</code>
                  </TableCell>
                  <TableCell padding="checkbox">
                    <CopyTextButton text={String(value)} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <DialogContentText>
            Workloads read these credentials from Secret{' '}
            <SecretName binding={binding} />. Showing them here is recorded in
            the audit log with your name.
          </DialogContentText>
        )}
        {reveal.error !== undefined && (
          <ApiErrorAlert
            error={reveal.error}
            action="The credentials were not revealed"
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        {!revealed && (
          <Button
            color="secondary"
            variant="contained"
            disabled={reveal.running}
            onClick={() => reveal.run()}
          >
            Reveal
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
