import { makeStyles } from '@material-ui/core';
import AppsIcon from '@material-ui/icons/Apps';

const useStyles = makeStyles({
  logo: {
    display: 'flex',
    alignItems: 'center',
    gap: 8,
    color: '#7df3e1',
    fontSize: 26,
    fontWeight: 700,
    letterSpacing: 0.5,
  },
});

/** The Paasport word mark shown in the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.logo}>
      <AppsIcon fontSize="large" />
      Paasport
    </span>
  );
};
