import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useEffect } from 'react';
import { TeamOptions, useTeamChoices } from '../../hooks/useTeamChoices';
import {
  NO_TEAM_MESSAGE,
  teamProblem,
  teamRef,
  unansweredReason,
} from '../../lib/teamChoices';

/** The line under the field, and whether it reports a problem. */
function helperText(
  value: string,
  state: { loading: boolean; error?: Error; value?: TeamOptions },
  description?: string,
): { text?: string; problem: boolean } {
  if (state.loading) return { text: 'Loading your teams…', problem: false };
  if (state.error) {
    return {
      text: `Could not list your teams: ${unansweredReason(state.error)}`,
      problem: true,
    };
  }
  const options = state.value ?? { teams: [], admin: false };
  const choices = {
    teams: options.teams.map(t => t.ref),
    admin: options.admin,
  };
  if (!options.teams.length) {
    return { text: `${NO_TEAM_MESSAGE}.`, problem: true };
  }
  const problem = value ? teamProblem(value, choices) : undefined;
  if (problem) return { text: `${problem}.`, problem: true };
  return { text: description, problem: false };
}

/**
 * The team that will own a new service, chosen from the person's own teams
 * (their trusted team Groups, as the console backend answers them), which
 * `paasport:service:validate` accepts. Someone in one team finds it
 * chosen. A value the form brings that is not one of them is shown and
 * marked, and the field's validation keeps it from reaching Review.
 *
 * @public
 */
export function TeamField(props: FieldExtensionComponentProps<string>) {
  const {
    onChange,
    required,
    schema: { title = 'Team', description },
    rawErrors,
    formData,
    idSchema,
  } = props;
  const state = useTeamChoices();
  const teams = state.value?.teams ?? [];
  const value = formData ? teamRef(formData) : '';
  const only = teams.length === 1 ? teams[0].ref : undefined;
  useEffect(() => {
    if (!formData && only) onChange(only);
  }, [formData, only, onChange]);

  const { text, problem } = helperText(value, state, description);
  const known = teams.some(t => t.ref === value);
  return (
    <TextField
      id={idSchema?.$id}
      select
      label={title}
      required={required}
      value={value}
      onChange={e => onChange(String(e.target.value))}
      margin="normal"
      error={problem || (rawErrors?.length ?? 0) > 0}
      helperText={text}
      disabled={state.loading}
      FormHelperTextProps={{ role: 'status' }}
    >
      {teams.map(team => (
        <MenuItem key={team.ref} value={team.ref}>
          {team.title}
        </MenuItem>
      ))}
      {/* A value from elsewhere (a template default, a link's formData)
          stays visible, marked once the person's teams are known. */}
      {value && !known && (
        <MenuItem value={value} disabled>
          {state.value ? `${value} (not one of your teams)` : value}
        </MenuItem>
      )}
    </TextField>
  );
}
