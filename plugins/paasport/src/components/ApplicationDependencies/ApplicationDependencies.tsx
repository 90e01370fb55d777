import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  RELATION_DEPENDENCY_OF,
  RELATION_HAS_PART,
  RELATION_PART_OF,
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  catalogGraphApiRef,
  Direction,
  EntityRelationsGraph,
} from '@backstage/plugin-catalog-graph';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  graph: { minHeight: 360, marginTop: theme.spacing(2) },
  refs: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
  },
}));

/** Props of {@link ApplicationDependencies}. @internal */
export interface ApplicationDependenciesProps {
  system: Entity;
  /** The System's Components; undefined while they load. */
  services?: Entity[];
  /**
   * Shown between the table and the graph, e.g. the marketplace's
   * instances; kept mounted while the services load so it loads only once.
   */
  children?: ReactNode;
}

/** A service's dependencies, split into middleware (Resources) and the rest. */
function dependenciesOf(service: Entity) {
  const refs = (service.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDS_ON)
    .map(r => r.targetRef)
    .sort();
  const isResource = (ref: string) =>
    parseEntityRef(ref).kind.toLowerCase() === 'resource';
  return {
    middleware: refs.filter(isResource),
    services: refs.filter(ref => !isResource(ref)),
  };
}

function Refs(props: { refs: string[] }) {
  const classes = useStyles();
  if (props.refs.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        none
      </Typography>
    );
  }
  return (
    <div className={classes.refs}>
      {props.refs.map(ref => (
        <EntityRefLink key={ref} entityRef={ref} />
      ))}
    </div>
  );
}

/** Each service's dependencies on services and middleware. */
function DependencyTable(props: { name: string; services: Entity[] }) {
  return (
    <Table size="small" aria-label={`Dependencies of ${props.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Depends on services</TableCell>
          <TableCell>Middleware</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.services.map(service => {
          const deps = dependenciesOf(service);
          const ref = stringifyEntityRef(service);
          return (
            <TableRow key={ref}>
              <TableCell component="th" scope="row">
                <EntityRefLink entityRef={ref} />
              </TableCell>
              <TableCell>
                <Refs refs={deps.services} />
              </TableCell>
              <TableCell>
                <Refs refs={deps.middleware} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * What each service of an application depends on, with the middleware
 * (catalog Resources) apart, and the same as a graph of the catalog's
 * relations.
 *
 * @internal
 */
export function ApplicationDependencies(props: ApplicationDependenciesProps) {
  const { system, services, children } = props;
  const classes = useStyles();
  const name = system.metadata.name;
  // The graph needs the catalog graph plugin's API; the table does not.
  const graphAvailable = Boolean(useApiHolder().get(catalogGraphApiRef));
  return (
    <>
      {services ? (
        <DependencyTable name={name} services={services} />
      ) : (
        <Progress />
      )}
      {children}
      {!graphAvailable && (
        <Typography variant="body2" color="textSecondary">
          Install the catalog graph plugin (@backstage/plugin-catalog-graph) to
          see these relations as a graph.
        </Typography>
      )}
      {graphAvailable && (
        <div className={classes.graph}>
          <EntityRelationsGraph
            rootEntityNames={parseEntityRef(stringifyEntityRef(system))}
            maxDepth={2}
            kinds={['system', 'component', 'resource', 'api']}
            relations={[
              RELATION_HAS_PART,
              RELATION_PART_OF,
              RELATION_DEPENDS_ON,
              RELATION_DEPENDENCY_OF,
              RELATION_PROVIDES_API,
              RELATION_API_PROVIDED_BY,
              RELATION_CONSUMES_API,
              RELATION_API_CONSUMED_BY,
            ]}
            mergeRelations
            direction={Direction.LEFT_RIGHT}
            zoom="enable-on-click"
          />
        </div>
      )}
    </>
  );
}
