import crypto from 'node:crypto';
import { ObjectLayer } from '../../kubernetes/ClusterAccess';
import { describeObject, ManifestObject } from '../../kubernetes/manifests';
import { RepositoryHost } from '../../repositories/RepositoryHost';
import { applyAndRecord, exists, TaskRecording } from '../writes';

/**
 * A fresh webhook secret as Secret `<listener>-webhook` (written as the
 * person, like the template's objects: the team's Secret in the team's
 * namespace) and the repository's push webhook signed with it, created or
 * updated; records what it created. Returns the hook's id.
 *
 * @remarks
 * The secret's value is never stored in the task state: a retried step makes
 * a new one and updates both the Secret and the hook.
 */
export async function writeWebhook(options: {
  objects: ObjectLayer;
  recording: TaskRecording;
  cluster: string;
  repository: RepositoryHost;
  secret: ManifestObject['metadata'] & { name: string; namespace: string };
  url: string;
  events: string[];
  log: (line: string) => void;
}): Promise<number> {
  const { objects, recording, cluster, repository, url, log } = options;
  const value = crypto.randomBytes(32).toString('hex');
  const secret: ManifestObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: options.secret,
    stringData: { secret: value },
  };
  const result = await applyAndRecord({
    objects,
    recording,
    cluster,
    object: secret,
    existed: await exists(objects, secret),
    actor: 'initiator',
  });
  log(`${cluster}: ${result} ${describeObject(secret)} (webhook secret)`);
  const hook = await repository.ensureHook({
    url,
    secret: value,
    events: options.events,
  });
  if (hook.created) {
    await recording.ledger.record(
      recording.taskId,
      {
        type: `${repository.provider}-webhook`,
        host: repository.host,
        owner: repository.owner,
        repo: repository.repo,
        hookId: hook.id,
      },
      { stepId: recording.stepId, initiator: recording.initiator },
    );
  }
  log(
    `${hook.created ? 'created' : 'updated'} webhook ${hook.id} of ${
      repository.owner
    }/${repository.repo} calling ${url}`,
  );
  return hook.id;
}
