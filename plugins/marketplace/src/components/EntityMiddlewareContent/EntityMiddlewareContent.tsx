import {
  EmptyState,
  InfoCard,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useEntityInstances } from '../../hooks/useEntityInstances';
import { applicationOf } from '../../lib/applicationOf';
import { rootRouteRef } from '../../routes';
import { InstancesTable } from '../InstancesTable';

/** Props of {@link EntityMiddlewareContent}. @public */
export interface EntityMiddlewareContentProps {
  /** Milliseconds between status refreshes; 0 turns refreshing off. */
  refreshIntervalMs?: number;
}

/**
 * The Middleware tab of a System or Component: the application's instances
 * (for a Component, those requested for it or bound to it) with live state
 * and where their credentials are, and a way to request more.
 *
 * @public
 */
export function EntityMiddlewareContent({
  refreshIntervalMs = 5000,
}: EntityMiddlewareContentProps) {
  const { entity } = useEntity();
  const root = useRouteRef(rootRouteRef);
  const entityRef = stringifyEntityRef(entity);
  const application = applicationOf(entity);
  // An entity without application has no middleware to ask for.
  const { value, loading, error } = useEntityInstances(
    application ? entityRef : undefined,
    refreshIntervalMs,
  );

  if (!application) {
    return (
      <EmptyState
        missing="field"
        title="No application"
        description={`Middleware belongs to applications, and ${entity.metadata.name} has no spec.system.`}
      />
    );
  }
  const requestButton = (
    <LinkButton
      to={`${root()}?for=${encodeURIComponent(entityRef)}`}
      color="primary"
      variant="contained"
    >
      Request middleware
    </LinkButton>
  );
  if (!value && loading) return <Progress />;
  if (!value) return error ? <ResponseErrorPanel error={error} /> : null;
  if (!value.length) {
    return (
      <EmptyState
        missing="content"
        title="No middleware yet"
        description={`${entity.metadata.name} uses no MySQL, Redis or Kafka from the marketplace.`}
        action={requestButton}
      />
    );
  }
  return (
    <InfoCard title="Middleware" action={requestButton} noPadding>
      {error && (
        <ResponseErrorPanel
          title="Could not refresh the instances"
          error={error}
        />
      )}
      <InstancesTable
        title={`Middleware of ${entity.metadata.name}`}
        requests={value}
        showApplication={false}
        intervalMs={refreshIntervalMs}
      />
    </InfoCard>
  );
}
