import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import AppsIcon from '@material-ui/icons/Apps';
import StorageIcon from '@material-ui/icons/Storage';
import ViewListIcon from '@material-ui/icons/ViewList';
import { Link as RouterLink } from 'react-router-dom';

const useStyles = makeStyles(theme => ({
  actions: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) },
}));

/** Where a developer starts: each action is a page of the portal. */
const actions = [
  {
    title: 'Create a service',
    to: '/create',
    icon: <AddIcon />,
    primary: true,
  },
  { title: 'Request middleware', to: '/marketplace', icon: <StorageIcon /> },
  {
    title: 'Browse applications',
    to: '/catalog?filters[kind]=system',
    icon: <AppsIcon />,
  },
  {
    title: 'Browse services',
    to: '/catalog?filters[kind]=component',
    icon: <ViewListIcon />,
  },
];

/** The actions a developer starts from, as buttons. @internal */
export function QuickActions() {
  const classes = useStyles();
  return (
    <InfoCard title="Start something">
      <div className={classes.actions}>
        {actions.map(action => (
          <Button
            key={action.title}
            component={RouterLink}
            to={action.to}
            variant={action.primary ? 'contained' : 'outlined'}
            color="primary"
            startIcon={action.icon}
          >
            {action.title}
          </Button>
        ))}
      </div>
    </InfoCard>
  );
}
