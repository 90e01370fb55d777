import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import {
  EntityRefLinks,
  getEntityRelations,
} from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(1, 3),
    margin: 0,
  },
  term: { color: theme.palette.text.secondary },
  value: { margin: 0 },
  links: { margin: 0, paddingLeft: theme.spacing(2) },
}));

/** Props of {@link ApplicationAbout}. @internal */
export interface ApplicationAboutProps {
  system: Entity;
  serviceCount: number;
}

/**
 * Who owns an application, what it is, and where to go from here: its
 * description, owners, number of services and links.
 *
 * @internal
 */
export function ApplicationAbout(props: ApplicationAboutProps) {
  const { system, serviceCount } = props;
  const classes = useStyles();
  const owners = getEntityRelations(system, RELATION_OWNED_BY);
  const links = system.metadata.links ?? [];
  return (
    <dl className={classes.grid} aria-label={`About ${system.metadata.name}`}>
      <dt className={classes.term}>Description</dt>
      <dd className={classes.value}>
        {system.metadata.description ?? 'No description'}
      </dd>
      <dt className={classes.term}>Owners</dt>
      <dd className={classes.value}>
        {owners.length ? (
          <EntityRefLinks entityRefs={owners} defaultKind="group" />
        ) : (
          'No owner'
        )}
      </dd>
      <dt className={classes.term}>Services</dt>
      <dd className={classes.value}>{serviceCount}</dd>
      <dt className={classes.term}>Links</dt>
      <dd className={classes.value}>
        {links.length ? (
          <ul className={classes.links}>
            {links.map(link => (
              <li key={link.url}>
                <Link to={link.url}>{link.title ?? link.url}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <Typography variant="body2" color="textSecondary" component="span">
            No links
          </Typography>
        )}
      </dd>
    </dl>
  );
}
