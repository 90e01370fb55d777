import { Progress } from '@backstage/core-components';
import { useRequestDetails } from '../../hooks/useRequestDetails';
import { ApiErrorAlert } from '../ApiErrorAlert';
import { InstanceHistory } from '../InstanceHistory';

/** Props of {@link HistoryPanel}. */
export interface HistoryPanelProps {
  id: string;
  name: string;
  intervalMs: number;
}

/** An instance's history, loaded when a row of the instances table opens. */
export function HistoryPanel({ id, name, intervalMs }: HistoryPanelProps) {
  const { value, loading, error } = useRequestDetails(id, intervalMs);
  if (!value && loading) return <Progress />;
  if (!value) {
    return error ? (
      <ApiErrorAlert error={error} action="Could not load the history" />
    ) : null;
  }
  return (
    <InstanceHistory
      name={name}
      events={value.history}
      bindings={value.bindings}
    />
  );
}
