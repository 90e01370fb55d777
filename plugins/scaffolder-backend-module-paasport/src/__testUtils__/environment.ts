import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  devclusterKubeConfig,
  localGitea,
  readDevclusterConfig,
} from '@paasport/devcluster';
import { loadClientNode } from '@paasport/kubernetes-node';

export const repoRoot = path.resolve(__dirname, '../../../..');

/**
 * The local Gitea (started or reused with `devcluster gitea up`; a build
 * happens only the first time) and the running clusters. Throws, so tests fail
 * loudly, when either cannot be had.
 */
export function localServices() {
  return { gitea: localGitea(), clusters: readDevclusterConfig() };
}

/** Admin (client certificate) access to a cluster, to check and clean up. */
export async function adminObjects(context: string) {
  const k8s = await loadClientNode();
  return k8s.KubernetesObjectApi.makeApiClient(
    await devclusterKubeConfig(context),
  );
}

/** What the cluster's RBAC lets `user` do, asked with a SubjectAccessReview. */
export async function canI(
  context: string,
  user: string,
  attributes: {
    verb: string;
    group: string;
    resource: string;
    namespace?: string;
  },
): Promise<boolean> {
  const k8s = await loadClientNode();
  const api = (await devclusterKubeConfig(context)).makeApiClient(
    k8s.AuthorizationV1Api,
  );
  const review = await api.createSubjectAccessReview({
    body: { spec: { user, resourceAttributes: attributes } },
  });
  return review.status?.allowed === true;
}

/** Retries `check` once a second until it passes or `timeoutMs` is over. */
export async function eventually(
  check: () => Promise<void>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 1000));
    }
  }
}

/** The template and its skeletons as the dry-run endpoint takes them. */
export function dryRunBody(templateFile: string, values: object) {
  const templatesDir = path.join(repoRoot, 'templates');
  const files: Array<{ path: string; base64Content: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        files.push({
          path: path.relative(templatesDir, full),
          base64Content: fs.readFileSync(full).toString('base64'),
        });
    }
  };
  walk(path.join(templatesDir, 'skeletons'));
  return {
    template: YAML.parse(
      fs.readFileSync(path.join(templatesDir, templateFile), 'utf8'),
    ),
    values,
    directoryContents: files,
  };
}
