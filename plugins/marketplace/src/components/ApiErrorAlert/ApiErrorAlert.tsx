import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { describeApiError } from '../../lib/errors';

/** Props of {@link ApiErrorAlert}. */
export interface ApiErrorAlertProps {
  error: unknown;
  /** What was being attempted, e.g. "Could not request the instance". */
  action?: string;
}

/**
 * A backend refusal next to the action that caused it: the status, its
 * kind, and the backend's own sentence (the invalid parameter, the exceeded
 * quota, the binding in the way), so the user can fix the input.
 */
export function ApiErrorAlert({ error, action }: ApiErrorAlertProps) {
  const described = describeApiError(error);
  const status = described.status ? ` (${described.status})` : '';
  return (
    <Alert severity="error">
      <AlertTitle>
        {action ? `${action}: ` : ''}
        {described.title}
        {status}
      </AlertTitle>
      {described.message}
    </Alert>
  );
}
