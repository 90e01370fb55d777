import {
  EmptyState,
  InfoCard,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useState } from 'react';
import { useRequests } from '../../hooks/useRequests';
import { isLive } from '../../lib/states';
import { rootRouteRef } from '../../routes';
import { InstancesTable } from '../InstancesTable';

/** Props of {@link InstancesContent}. */
export interface InstancesContentProps {
  /** Milliseconds between status refreshes; 0 turns refreshing off. */
  refreshIntervalMs?: number;
}

const TITLES = {
  mine: 'Instances I requested',
  team: 'Instances of my teams',
};

/**
 * "My instances": what the user (or their teams) requested, with live state
 * and history. Deleted and rejected ones are hidden unless asked for.
 */
export function InstancesContent({
  refreshIntervalMs = 5000,
}: InstancesContentProps) {
  const [scope, setScope] = useState<'mine' | 'team'>('mine');
  const [showGone, setShowGone] = useState(false);
  const root = useRouteRef(rootRouteRef);
  const { value, loading, error } = useRequests({ scope }, refreshIntervalMs);
  const requests = (value ?? []).filter(r => showGone || isLive(r.state));

  let body;
  if (!value && loading) {
    body = <Progress />;
  } else if (!value) {
    body = error ? <ResponseErrorPanel error={error} /> : null;
  } else if (!requests.length) {
    body = (
      <EmptyState
        missing="content"
        title="No instances yet"
        description="Request MySQL, Redis or Kafka for an application from the offerings."
        action={
          <LinkButton variant="contained" color="primary" to={root()}>
            See offerings
          </LinkButton>
        }
      />
    );
  } else {
    body = (
      <>
        {error && (
          <ResponseErrorPanel
            title="Could not refresh the instances"
            error={error}
          />
        )}
        <InstancesTable
          title={TITLES[scope]}
          requests={requests}
          intervalMs={refreshIntervalMs}
        />
      </>
    );
  }

  return (
    <InfoCard title={TITLES[scope]} noPadding>
      <Box display="flex" alignItems="center" px={2} pb={1} gridGap={16}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={scope}
          onChange={(_, next) => next && setScope(next)}
          aria-label="Whose instances"
        >
          <ToggleButton value="mine">Mine</ToggleButton>
          <ToggleButton value="team">My teams</ToggleButton>
        </ToggleButtonGroup>
        <FormControlLabel
          control={
            <Checkbox
              checked={showGone}
              onChange={(_, checked) => setShowGone(checked)}
            />
          }
          label="Show deleted and rejected"
        />
      </Box>
      {body}
    </InfoCard>
  );
}
