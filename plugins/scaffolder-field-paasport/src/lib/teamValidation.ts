import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { consoleApiRef } from '@paasport/plugin-paasport-react';
import { teamProblem, unansweredReason } from './teamChoices';

/**
 * Stops the form at its step when the chosen team is not one of the
 * person's, so such a choice never reaches Review;
 * `paasport:service:validate` refuses it again in the task.
 *
 * @public
 */
export const teamValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  context,
) => {
  if (!value) return;
  const consoleApi = context.apiHolder.get(consoleApiRef);
  if (!consoleApi) {
    validation.addError(
      'The portal cannot check teams here: the console plugin is not installed',
    );
    return;
  }
  try {
    const problem = teamProblem(value, await consoleApi.getMyTeams());
    if (problem) validation.addError(problem);
  } catch (error) {
    // Unchecked is not accepted: the task would refuse a wrong team later,
    // after the user has filled in every step.
    validation.addError(
      `Could not check the team: ${unansweredReason(
        error as Error,
      )}; try again`,
    );
  }
};
