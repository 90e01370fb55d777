import { makeStyles } from '@material-ui/core';
import AppsIcon from '@material-ui/icons/Apps';

const useStyles = makeStyles({
  icon: { color: '#7df3e1' },
});

/** The Paasport mark shown in the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return <AppsIcon fontSize="large" className={classes.icon} />;
};
