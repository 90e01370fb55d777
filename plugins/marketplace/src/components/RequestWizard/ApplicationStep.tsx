import {
  MarketplaceCluster,
  MarketplacePlan,
} from '@paasport/plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import { ClusterSelect } from '../ClusterSelect';
import { OwnerPicker } from '../OwnerPicker';
import {
  ApplicationChoice,
  choiceProblems,
  isComponent,
  runsOnCluster,
} from './choice';
import { useId } from 'react';

/** Props of {@link ApplicationStep}. */
export interface ApplicationStepProps {
  plan: MarketplacePlan;
  clusters: MarketplaceCluster[];
  value: ApplicationChoice;
  onChange: (value: ApplicationChoice) => void;
}

/**
 * For which application, under which name, on which cluster, and whether
 * to deliver credentials right away.
 */
export function ApplicationStep({
  plan,
  clusters,
  value,
  onChange,
}: ApplicationStepProps) {
  const id = useId();
  const { problems, needsCluster } = choiceProblems(
    value,
    plan,
    clusters.length,
  );
  const nameError = value.name ? problems.name : undefined;
  const bindingError = value.bindingName ? problems.bindingName : undefined;
  const set = (patch: Partial<ApplicationChoice>) =>
    onChange({ ...value, ...patch });
  return (
    <>
      <OwnerPicker
        value={value.entity}
        onChange={entity =>
          set({
            entity,
            // A Component binds for itself by default, under its own name.
            bindNow: isComponent(entity),
            bindingName: isComponent(entity) ? entity!.metadata.name : '',
          })
        }
      />
      <Box mt={2}>
        <TextField
          id={`${id}-name`}
          label="Instance name"
          variant="outlined"
          required
          fullWidth
          value={value.name}
          onChange={event => set({ name: event.target.value.trim() })}
          error={Boolean(nameError)}
          helperText={
            nameError ??
            '3–40 lowercase letters, digits and dashes; it names the Kubernetes objects.'
          }
        />
      </Box>
      {clusters.length > 0 && (
        <Box mt={2}>
          <ClusterSelect
            clusters={clusters}
            value={value.cluster}
            onChange={cluster => set({ cluster })}
            required={needsCluster}
            helperText={
              runsOnCluster(plan)
                ? 'The instance runs in your team’s namespace on this cluster.'
                : 'Where the credentials’ Secret is delivered; the instance itself is shared.'
            }
          />
        </Box>
      )}
      <Box mt={2}>
        <FormControlLabel
          control={
            <Checkbox
              checked={value.bindNow}
              onChange={(_, bindNow) => set({ bindNow })}
            />
          }
          label="Deliver credentials as soon as the instance is ready"
        />
        {value.bindNow && (
          <TextField
            id={`${id}-binding`}
            label="Binding name"
            variant="outlined"
            required
            fullWidth
            value={value.bindingName}
            onChange={event => set({ bindingName: event.target.value.trim() })}
            error={Boolean(bindingError)}
            helperText={
              bindingError ??
              `Secret ${value.name || '<instance>'}-${
                value.bindingName || '<binding>'
              } in your team’s namespace`
            }
          />
        )}
      </Box>
    </>
  );
}
