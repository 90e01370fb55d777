import { Entity } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  InstanceRequest,
  MarketplaceOffering,
  MarketplacePlan,
} from '@paasport/plugin-marketplace-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Step from '@material-ui/core/Step';
import StepContent from '@material-ui/core/StepContent';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import { useMemo, useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { useApplicationTeam } from '../../hooks/useApplicationTeam';
import { useClusters } from '../../hooks/useClusters';
import { useSubmit } from '../../hooks/useSubmit';
import { applicationOf } from '../../lib/applicationOf';
import { ApiErrorAlert } from '../ApiErrorAlert';
import { ParametersForm } from '../ParametersForm';
import { RequestReview } from '../RequestReview';
import { ApplicationStep } from './ApplicationStep';
import { choiceProblems, emptyChoice, toRequestBody } from './choice';
import { useIdempotencyKey } from './idempotencyKey';

/** Props of {@link RequestWizard}. */
export interface RequestWizardProps {
  offering: MarketplaceOffering;
  plan: MarketplacePlan;
  /** Preselected Component or System, e.g. from its Middleware tab. */
  initialEntity?: Entity;
  onCreated: (request: InstanceRequest) => void;
}

/**
 * Requests an instance of a plan in three steps: for which application,
 * under which name and where; the plan's parameters (its JSON schema as a
 * form); and a review with the team's quota. The backend's refusal is shown
 * on the review step, where the request can be corrected and sent again.
 */
export function RequestWizard(props: RequestWizardProps) {
  const { offering, plan, onCreated } = props;
  const api = useApi(marketplaceApiRef);
  const clusters = useClusters();
  const [step, setStep] = useState(0);
  const [choice, setChoice] = useState(() => emptyChoice(props.initialEntity));
  const [parameters, setParameters] = useState<JsonObject>({});

  const application = choice.entity ? applicationOf(choice.entity) : undefined;
  const team = useApplicationTeam(application).value;
  const { problems } = choiceProblems(
    choice,
    plan,
    clusters.value?.length ?? 0,
  );
  const body = useMemo(
    () =>
      choice.entity
        ? toRequestBody(choice, offering, plan, parameters)
        : undefined,
    [choice, offering, plan, parameters],
  );
  // One key per distinct body: a double click or a retry after a network
  // error cannot create a second instance, an edited request is a new one.
  const idempotencyKey = useIdempotencyKey(body);
  const submit = useSubmit(async () => {
    onCreated(await api.createRequest(body!, { idempotencyKey }));
  });

  if (clusters.loading) return <Progress />;
  const stepOneDone = Object.values(problems).every(p => !p);
  return (
    <>
      {clusters.error && (
        <ApiErrorAlert
          error={clusters.error}
          action="The clusters could not be listed"
        />
      )}
      <Stepper activeStep={step} orientation="vertical">
        <Step>
          <StepLabel>Application and name</StepLabel>
          <StepContent role="group" aria-label="Application and name">
            <ApplicationStep
              plan={plan}
              clusters={clusters.value ?? []}
              value={choice}
              onChange={setChoice}
            />
            <Box mt={2}>
              <Button
                variant="contained"
                color="primary"
                disabled={!stepOneDone}
                onClick={() => setStep(1)}
              >
                Next
              </Button>
            </Box>
          </StepContent>
        </Step>
        <Step>
          <StepLabel>Parameters of {plan.title}</StepLabel>
          <StepContent role="group" aria-label="Parameters">
            <ParametersForm
              schema={plan.parametersSchema}
              formData={parameters}
              onBack={() => setStep(0)}
              onSubmit={data => {
                setParameters(data);
                setStep(2);
              }}
            />
          </StepContent>
        </Step>
        <Step>
          <StepLabel>Review</StepLabel>
          <StepContent role="group" aria-label="Review">
            <RequestReview
              offering={offering}
              plan={plan}
              choice={choice}
              application={application ?? ''}
              team={team}
              parameters={parameters}
            />
            {submit.error !== undefined && (
              <Box mt={2}>
                <ApiErrorAlert
                  error={submit.error}
                  action="The instance was not requested"
                />
              </Box>
            )}
            <Box mt={2}>
              <Button disabled={submit.running} onClick={() => setStep(1)}>
                Back
              </Button>
              <Button
                variant="contained"
                color="primary"
                disabled={submit.running || !body}
                onClick={() => submit.run()}
              >
                {plan.requiresApproval ? 'Request approval' : 'Request'}
              </Button>
            </Box>
          </StepContent>
        </Step>
      </Stepper>
    </>
  );
}
