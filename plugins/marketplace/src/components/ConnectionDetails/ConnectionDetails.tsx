import { CodeSnippet, InfoCard } from '@backstage/core-components';
import {
  InstanceBinding,
  InstanceRequest,
} from '@paasport/plugin-marketplace-common';
import Typography from '@material-ui/core/Typography';
import { connectionKeys } from '../../lib/connectionKeys';
import { SecretName } from '../SecretName';

/** Props of {@link ConnectionDetails}. */
export interface ConnectionDetailsProps {
  request: InstanceRequest;
  bindings: InstanceBinding[];
}

function manifestSnippet(secretName: string) {
  return [
    '# In the container spec of your Deployment:',
    'envFrom:',
    '  - secretRef:',
    `      name: ${secretName}`,
  ].join('\n');
}

/**
 * How an application connects, without any secret: credentials live in a
 * Secret per binding in the team's namespace, under conventional keys, so
 * workloads mount the Secret and nobody copies passwords around.
 */
export function ConnectionDetails({
  request,
  bindings,
}: ConnectionDetailsProps) {
  const delivered = bindings.filter(b => b.state === 'ready' && b.deliveredAt);
  const keys = connectionKeys(request.offeringId);
  return (
    <section aria-label="Connection details">
      <InfoCard title="Connection details">
        <Typography paragraph>
          Each binding delivers its own credentials as a Kubernetes Secret in
          the team&apos;s namespace (<strong>{request.namespace}</strong>) with
          the keys{' '}
          {keys.map((key, i) => (
            <span key={key}>
              {i > 0 && ', '}
              <code>{key}</code>
            </span>
          ))}
          .
        </Typography>
        {delivered.length ? (
          <>
            <Typography paragraph>
              Delivered:{' '}
              {delivered.map((b, i) => (
                <span key={b.id}>
                  {i > 0 && ', '}
                  Secret <SecretName binding={b} />
                </span>
              ))}
            </Typography>
            <CodeSnippet
              language="yaml"
              text={manifestSnippet(delivered[0].secretName)}
              showCopyCodeButton
            />
          </>
        ) : (
          <Typography color="textSecondary">
            {request.state === 'ready'
              ? 'No credentials delivered yet: add a binding to get a Secret.'
              : 'Credentials can be delivered once the instance is ready.'}
          </Typography>
        )}
      </InfoCard>
    </section>
  );
}
