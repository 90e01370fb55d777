import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import ErrorIcon from '@material-ui/icons/Error';
import InfoIcon from '@material-ui/icons/Info';
import WarningIcon from '@material-ui/icons/Warning';
import { AttentionItem } from '../../lib/attention';

const icons = {
  error: <ErrorIcon color="error" />,
  warning: <WarningIcon style={{ color: '#ed6c02' }} />,
  info: <InfoIcon color="primary" />,
};

/**
 * What is rolling out, failing or erring among the person's teams'
 * services, worst first, each leading to the service's page.
 *
 * @internal
 */
export function AttentionCard(props: { items: AttentionItem[] }) {
  const { items } = props;
  return (
    <InfoCard title="Needs attention">
      {items.length === 0 ? (
        <Typography color="textSecondary">
          Nothing needs your attention: your teams' services are running as
          released on every cluster.
        </Typography>
      ) : (
        <List dense aria-label="Needs attention">
          {items.map(item => (
            <ListItem
              key={`${item.entityRef}/${item.cluster}/${item.workload}/${item.what}`}
            >
              <ListItemIcon>{icons[item.severity]}</ListItemIcon>
              <ListItemText
                primary={
                  <>
                    <EntityRefLink
                      entityRef={item.entityRef}
                      defaultKind="component"
                    />{' '}
                    on {item.cluster}
                  </>
                }
                secondary={item.what}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
