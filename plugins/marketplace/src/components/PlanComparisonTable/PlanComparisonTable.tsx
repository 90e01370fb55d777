import { LinkButton } from '@backstage/core-components';
import {
  MarketplaceOffering,
  MarketplacePlan,
} from '@paasport/plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatSize } from '../../lib/format';

/** Props of {@link PlanComparisonTable}. */
export interface PlanComparisonTableProps {
  offering: MarketplaceOffering;
  /** Where the Request button of a plan leads. */
  requestLink: (plan: MarketplacePlan) => string;
}

// Sizes, yes/no columns and the button read badly when wrapped mid-word.
const useStyles = makeStyles({ nowrap: { whiteSpace: 'nowrap' } });

/**
 * The plans of one offering side by side: what each costs the team's quota,
 * whether it survives a node failure, and whether someone must approve it.
 */
export function PlanComparisonTable({
  offering,
  requestLink,
}: PlanComparisonTableProps) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label={`Plans of ${offering.title}`}>
      <TableHead>
        <TableRow className={classes.nowrap}>
          <TableCell>Plan</TableCell>
          <TableCell>Size</TableCell>
          <TableCell>High availability</TableCell>
          <TableCell>Approval</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {offering.plans.map(plan => (
          <TableRow key={plan.id}>
            <TableCell>
              <Typography variant="subtitle2">{plan.title}</Typography>
              {plan.description && (
                <Typography variant="body2" color="textSecondary">
                  {plan.description}
                </Typography>
              )}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {formatSize(plan.sizeGb)}
            </TableCell>
            <TableCell>{plan.ha ? 'Yes' : 'No'}</TableCell>
            <TableCell>{plan.requiresApproval ? 'Required' : 'None'}</TableCell>
            <TableCell align="right" className={classes.nowrap}>
              {plan.available ? (
                <LinkButton
                  to={requestLink(plan)}
                  variant="outlined"
                  color="primary"
                  aria-label={`Request ${offering.title} ${plan.title}`}
                >
                  Request
                </LinkButton>
              ) : (
                // Configured but without an installed back end: say so
                // instead of letting the request fail with a 409.
                <Tooltip title={`No back end '${plan.provider}' is installed`}>
                  <span>
                    <Button variant="outlined" disabled>
                      Not available
                    </Button>
                  </span>
                </Tooltip>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
