import { makeStyles } from '@material-ui/core/styles';

/**
 * Colours of log levels, shared by the raw and the table view: errors red,
 * warnings amber, debug dimmed; info stays plain. A bar on the left marks
 * errors and warnings without relying on colour alone.
 *
 * @internal
 */
export const useLevelStyles = makeStyles(theme => ({
  error: {
    color: theme.palette.error.main,
    boxShadow: `inset 3px 0 0 ${theme.palette.error.main}`,
  },
  warn: {
    color:
      theme.palette.type === 'dark'
        ? theme.palette.warning.light
        : theme.palette.warning.dark,
    boxShadow: `inset 3px 0 0 ${theme.palette.warning.main}`,
  },
  debug: { color: theme.palette.text.secondary, opacity: 0.7 },
  info: {},
}));
