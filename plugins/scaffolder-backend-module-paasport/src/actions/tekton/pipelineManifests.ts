import { InputError } from '@backstage/errors';
import { Manifest } from '../../kubernetes/manifests';
import { platformObjectProblem } from '../../kubernetes/platformObjects';
import { eventListenerServiceAccount } from './eventListenerAccess';

// What a pipeline definition may contain: Tekton's own kinds and the
// ServiceAccount the pipeline runs as. Its bindings are the platform's
// (pipelineBindings); anything else belongs in the application's manifests
// (paasport:kubernetes:apply).
function isPipelineKind({ object }: Manifest): boolean {
  const group = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')[0]
    : '';
  return (
    group === 'tekton.dev' ||
    group === 'triggers.tekton.dev' ||
    (object.apiVersion === 'v1' && object.kind === 'ServiceAccount')
  );
}

/**
 * Checks the workspace's pipeline definitions before anything is created:
 * only pipeline kinds, exactly one EventListener, running as a
 * ServiceAccount the definitions create. Returns the listener's name and
 * account.
 */
export function checkPipelineManifests(
  manifests: Manifest[],
  teamRole: string,
): { eventListener: string; serviceAccount: string } {
  for (const manifest of manifests) {
    const platform = platformObjectProblem(manifest.object, teamRole);
    if (platform) {
      throw new InputError(
        `${manifest.file}: ${platform}; the pipeline's ServiceAccount gets Tekton ` +
          `Triggers' roles and the team role from paasport:tekton:pipeline itself`,
      );
    }
    if (!isPipelineKind(manifest)) {
      throw new InputError(
        `${manifest.file}: ${manifest.object.kind} is not a pipeline object (Tekton kinds and ServiceAccount only)`,
      );
    }
  }
  const listeners = manifests.filter(m => m.object.kind === 'EventListener');
  if (listeners.length !== 1) {
    throw new InputError(
      `The pipeline definitions need exactly one EventListener (found ${listeners.length})`,
    );
  }
  const serviceAccount = eventListenerServiceAccount(
    listeners[0].object,
    manifests.map(m => m.object),
    listeners[0].file,
  );
  return { eventListener: listeners[0].object.metadata.name, serviceAccount };
}

/** The webhook target for an EventListener, from the configured pattern. */
export function webhookUrl(
  pattern: string,
  values: { cluster: string; namespace: string; eventListener: string },
): string {
  return pattern
    .replaceAll('{cluster}', values.cluster)
    .replaceAll('{namespace}', values.namespace)
    .replaceAll('{eventListener}', values.eventListener);
}
