import {
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  requestStateDisplay,
  StateKind,
} from '@paasport/plugin-marketplace-common';
import { useMarketplaceInstances } from '../../hooks/useMarketplaceInstances';
import { BindingSummary } from '../../lib/marketplaceInstances';

const LIGHTS: Record<StateKind, typeof StatusOK> = {
  ok: StatusOK,
  pending: StatusPending,
  running: StatusRunning,
  error: StatusError,
  aborted: StatusAborted,
};

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(3) },
  bindings: { margin: 0, paddingLeft: 0, listStyle: 'none' },
}));

/** Props of {@link MarketplaceInstances}. @internal */
export interface MarketplaceInstancesProps {
  /** The application, a System entity ref. */
  systemRef: string;
  /** The System's name, for the table's label. */
  name: string;
}

function Binding({ binding }: { binding: BindingSummary }) {
  return (
    <li>
      {binding.component ? (
        <EntityRefLink entityRef={binding.component} defaultKind="component" />
      ) : (
        'no component'
      )}
      {binding.cluster && ` on ${binding.cluster}`}
      {/* A binding not yet delivered is no working connection. */}
      {binding.state !== 'ready' && ` (${binding.state})`}
    </li>
  );
}

function Body(props: MarketplaceInstancesProps) {
  const classes = useStyles();
  const { value, loading, error } = useMarketplaceInstances(props.systemRef);
  if (error) return <ResponseErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  if (!value.installed) {
    return (
      <Typography variant="body2" color="textSecondary">
        The middleware marketplace is not installed in this portal, so instances
        requested through it cannot be shown.
      </Typography>
    );
  }
  if (value.instances.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No marketplace instances for {props.name}.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Marketplace instances of ${props.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Instance</TableCell>
          <TableCell>Offering</TableCell>
          <TableCell>Plan</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Bound to</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {value.instances.map(instance => {
          const state = requestStateDisplay(instance.state);
          const Light = LIGHTS[state.kind];
          return (
            <TableRow key={instance.id}>
              <TableCell component="th" scope="row">
                {instance.name}
              </TableCell>
              <TableCell>{instance.offering}</TableCell>
              <TableCell>{instance.plan}</TableCell>
              <TableCell>
                <Light>{state.label}</Light>
                {instance.lastError && (
                  <Typography variant="caption" display="block">
                    {instance.lastError}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                {instance.bindings.length === 0 ? (
                  <Typography variant="body2" color="textSecondary">
                    not bound
                  </Typography>
                ) : (
                  <ul className={classes.bindings}>
                    {instance.bindings.map(b => (
                      <Binding key={b.id} binding={b} />
                    ))}
                  </ul>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * The middleware an application got from the marketplace: each instance's
 * offering, plan and state, and which components use it on which cluster.
 * Portals without the marketplace get a note instead.
 *
 * @internal
 */
export function MarketplaceInstances(props: MarketplaceInstancesProps) {
  const classes = useStyles();
  return (
    <section
      className={classes.section}
      aria-label={`Marketplace middleware of ${props.name}`}
    >
      <Typography variant="h6" component="h3" gutterBottom>
        Marketplace middleware
      </Typography>
      <Body {...props} />
    </section>
  );
}
