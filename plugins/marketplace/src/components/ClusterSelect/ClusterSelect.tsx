import { MarketplaceCluster } from '@paasport/plugin-marketplace-common';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useId } from 'react';

/** Props of {@link ClusterSelect}. */
export interface ClusterSelectProps {
  clusters: MarketplaceCluster[];
  value: string;
  onChange: (cluster: string) => void;
  required: boolean;
  helperText: string;
  label?: string;
}

/** Picks one of the configured clusters; optional ones offer "default". */
export function ClusterSelect(props: ClusterSelectProps) {
  const id = useId();
  const { clusters, value, onChange, required, helperText } = props;
  return (
    <TextField
      id={`${id}-cluster`}
      select
      label={props.label ?? 'Cluster'}
      variant="outlined"
      fullWidth
      required={required}
      value={value}
      onChange={event => onChange(event.target.value)}
      helperText={helperText}
      SelectProps={{ displayEmpty: !required }}
      InputLabelProps={{ shrink: true }}
    >
      {!required && <MenuItem value="">Default</MenuItem>}
      {clusters.map(cluster => (
        <MenuItem key={cluster.name} value={cluster.name}>
          {cluster.title ?? cluster.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
