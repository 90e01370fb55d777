import {
  DecommissionItem,
  DecommissionRunItem,
  DecommissionStep,
} from '@paasport/plugin-decommission-common';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  group: { background: theme.palette.background.default },
  detail: { display: 'block' },
  failed: { color: theme.palette.error.main },
}));

/** Headings of the steps, in the order the run takes them. */
export const STEP_TITLES: Record<DecommissionStep, string> = {
  kubernetes: 'On the clusters',
  middleware: 'Middleware',
  repository: 'Source repository',
  catalog: 'Catalog',
};

const ACTION_LABELS: Record<DecommissionItem['action'], string> = {
  delete: 'delete',
  deprovision: 'deprovision',
  archive: 'archive',
  unregister: 'unregister',
  none: 'left alone',
};

const STATUS_COLORS = {
  pending: 'default',
  done: 'primary',
  skipped: 'default',
  failed: 'secondary',
} as const;

function isRunItem(
  item: DecommissionItem | DecommissionRunItem,
): item is DecommissionRunItem {
  return 'status' in item;
}

/** Props of {@link DecommissionItemList}. @internal */
export interface DecommissionItemListProps {
  items: Array<DecommissionItem | DecommissionRunItem>;
  /** Accessible name of the table. */
  label: string;
}

/**
 * Everything a decommission removes, grouped by step; for a run, with each
 * item's status and outcome.
 *
 * @internal
 */
export function DecommissionItemList(props: DecommissionItemListProps) {
  const { items, label } = props;
  const classes = useStyles();
  const steps = (Object.keys(STEP_TITLES) as DecommissionStep[]).filter(step =>
    items.some(i => i.step === step),
  );
  const withStatus = items.some(isRunItem);
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>What</TableCell>
          <TableCell>Action</TableCell>
          {withStatus && <TableCell>Status</TableCell>}
        </TableRow>
      </TableHead>
      {steps.map(step => (
        <TableBody key={step}>
          <TableRow className={classes.group}>
            <TableCell
              colSpan={withStatus ? 3 : 2}
              component="th"
              scope="rowgroup"
            >
              <Typography variant="subtitle2">{STEP_TITLES[step]}</Typography>
            </TableCell>
          </TableRow>
          {items
            .filter(i => i.step === step)
            .map(item => (
              <TableRow key={item.key}>
                <TableCell>
                  {item.title}
                  {item.note && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      className={classes.detail}
                    >
                      {item.note}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{ACTION_LABELS[item.action]}</TableCell>
                {withStatus && isRunItem(item) && (
                  <TableCell>
                    <Chip
                      size="small"
                      label={item.status}
                      color={STATUS_COLORS[item.status]}
                      variant={item.status === 'done' ? 'default' : 'outlined'}
                    />
                    {(item.outcome || item.error) && (
                      <Typography
                        variant="caption"
                        className={`${classes.detail} ${
                          item.status === 'failed' ? classes.failed : ''
                        }`}
                      >
                        {item.error ?? item.outcome}
                      </Typography>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
        </TableBody>
      ))}
    </Table>
  );
}
