import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import YAML from 'yaml';
import { giteaApi } from '@paasport/devcluster';
import {
  adminObjects,
  canI,
  eventually,
  repoRoot,
} from './__testUtils__/environment';
import {
  runTemplate,
  startScaffolderBackend,
  TaskRun,
} from './__testUtils__/scaffolderBackend';

// End to end through the scaffolder API: the real templates in templates/,
// the real scaffolder with publish:gitea against the local Gitea, Paasport's
// actions against the local clusters (with the portal's own token and RBAC),
// the real catalog and the real permission policy. Fails when Gitea or the
// clusters are down.
jest.setTimeout(600_000);

const run = Date.now().toString(36);
const team = `e2e-${run}`;
const guest = 'user:default/guest';
const outsider = 'user:default/bob';
const dir = createMockDirectory();

/** A team without a namespace yet, its application, and a template that fails late. */
function writeTestCatalog(): string {
  const source = fs.readFileSync(
    path.join(repoRoot, 'templates/nodejs-service.yaml'),
    'utf8',
  );
  const failing = YAML.parseDocument(source);
  failing.setIn(['metadata', 'name'], 'nodejs-service-failing');
  const steps = failing.getIn(['spec', 'steps']) as YAML.YAMLSeq;
  const register = steps.items.findIndex(
    s => (s as YAML.YAMLMap).get('id') === 'register',
  );
  // After repository, namespace, pipeline and deployment exist: a step that
  // fails the way a broken template would.
  steps.items.splice(
    register,
    0,
    failing.createNode({
      id: 'broken',
      name: 'A step that fails',
      action: 'paasport:kubernetes:apply',
      input: {
        team: '${{ parameters.owner }}',
        system: '${{ parameters.system }}',
        clusters: '${{ parameters.clusters }}',
        manifestPath: 'no-such-directory',
      },
    }),
  );
  dir.setContent({
    'templates/nodejs-service-failing.yaml': failing.toString(),
    'catalog.yaml': [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: team,
          annotations: { 'paasport.io/namespace': team },
        },
        // Membership counts from the organisation's Groups only.
        spec: { type: 'team', children: [], members: ['guest'] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: `${team}-app` },
        spec: { owner: `group:default/${team}` },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Location',
        metadata: { name: `${team}-templates` },
        spec: { targets: ['./templates/nodejs-service-failing.yaml'] },
      },
    ]
      .map(e => YAML.stringify(e))
      .join('---\n'),
  });
  // fetch:template resolves ./skeletons next to the template file.
  fs.cpSync(
    path.join(repoRoot, 'templates/skeletons'),
    path.join(dir.path, 'templates/skeletons'),
    { recursive: true },
  );
  return path.join(dir.path, 'catalog.yaml');
}

describe('software templates, end to end', () => {
  let api: Awaited<ReturnType<typeof startScaffolderBackend>>;
  const created = { repos: [] as string[], namespaces: [] as string[] };

  beforeAll(async () => {
    const started = await startScaffolderBackend({
      memberships: {
        [guest]: ['group:default/storefront', `group:default/${team}`],
        [outsider]: ['group:default/payments'],
      },
      extraLocations: [writeTestCatalog()],
    });
    api = started;
    // The catalog ingests the templates, the demo teams and the test team.
    const ingested = async (ref: string) => {
      const res = await started.get(
        guest,
        `/api/catalog/entities/by-name/${ref}`,
      );
      if (res.status !== 200) {
        throw new Error(`${ref}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    for (const ref of [
      'template/default/nodejs-service',
      'template/default/go-service',
      'template/default/spring-boot-service',
      'template/default/python-service',
      'template/default/nodejs-service-failing',
      `group/default/${team}`,
      `system/default/${team}-app`,
      'resource/default/dev',
    ]) {
      await eventually(() => ingested(ref), 60_000);
    }
  });

  afterAll(async () => {
    if (!api) return;
    const { gitea } = api;
    for (const repo of created.repos) {
      await giteaApi(gitea, 'DELETE', `/repos/${gitea.org}/${repo}`);
    }
    for (const context of ['dev', 'prod']) {
      const objects = await adminObjects(context);
      for (const name of created.namespaces) {
        await objects
          .delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
          .catch(() => undefined);
      }
    }
    await api.backend.stop();
  });

  const values = (name: string, extra: object = {}) => ({
    name,
    description: `End-to-end test service ${name}`,
    owner: `group:default/${team}`,
    system: `system:default/${team}-app`,
    clusters: ['resource:default/dev', 'resource:default/prod'],
    ci: 'tekton',
    minReplicas: 2,
    maxReplicas: 4,
    ...extra,
  });

  it('Node.js: repository, pipeline and webhook, team namespace with quota on both clusters, catalog entry', async () => {
    const name = `node-${run}`;
    created.repos.push(name);
    created.namespaces.push(team);
    const task = await runTemplate(
      api,
      guest,
      'template:default/nodejs-service',
      values(name),
    );
    report('nodejs-service', task);
    expect(task.status).toBe('completed');

    // Repository files in Gitea.
    const { gitea } = api;
    const file = async (p: string) => {
      const res = await giteaApi(
        gitea,
        'GET',
        `/repos/${gitea.org}/${name}/contents/${p}`,
      );
      expect([p, res.status]).toEqual([p, 200]);
      return Buffer.from(res.body.content, 'base64').toString('utf8');
    };
    const info = YAML.parse(await file('catalog-info.yaml'));
    expect(info).toMatchObject({
      kind: 'Component',
      metadata: {
        name,
        annotations: {
          'backstage.io/kubernetes-id': name,
          'backstage.io/kubernetes-namespace': team,
        },
      },
      spec: {
        owner: `group:default/${team}`,
        system: `system:default/${team}-app`,
      },
    });
    for (const p of [
      'Dockerfile',
      'package.json',
      'src/app.ts',
      'k8s/hpa.yaml',
      '.tekton/triggers.yaml',
    ]) {
      await file(p);
    }
    expect(await file('src/app.ts')).toContain(`Hello from ${name}`);
    const hooks = await giteaApi(
      gitea,
      'GET',
      `/repos/${gitea.org}/${name}/hooks`,
    );
    expect(hooks.body.map((h: any) => h.config.url)).toEqual([
      `http://el-${name}-listener.${team}.svc.cluster.local:8080`,
    ]);

    // Namespace, quota, limits, access and the workload on both clusters.
    for (const context of ['dev', 'prod']) {
      const objects = await adminObjects(context);
      const read = (
        apiVersion: string,
        kind: string,
        n: string,
        namespace?: string,
      ) => objects.read({ apiVersion, kind, metadata: { name: n, namespace } });
      const ns = await read('v1', 'Namespace', team);
      expect(ns.metadata?.labels?.['paasport.io/team']).toBe(team);
      const quota: any = await read('v1', 'ResourceQuota', 'team-quota', team);
      expect(quota.spec.hard['requests.cpu']).toBe('8');
      await read('v1', 'LimitRange', 'team-defaults', team);
      // The team's group (as the portal impersonates its members) to the
      // team role: what lets the later steps write as the person.
      const binding: any = await read(
        'rbac.authorization.k8s.io/v1',
        'RoleBinding',
        'paasport-team',
        team,
      );
      expect(binding.roleRef.name).toBe('paasport-team');
      expect(binding.subjects).toEqual([
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Group',
          name: `paasport:group:default/${team}`,
        },
      ]);
      const deployment: any = await read('apps/v1', 'Deployment', name, team);
      expect(
        deployment.metadata.managedFields.map((f: any) => f.manager),
      ).toContain('paasport-scaffolder');
      for (const [v, k] of [
        ['v1', 'Service'],
        ['networking.k8s.io/v1', 'Ingress'],
        ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      ]) {
        await read(v, k, name, team);
      }
    }
    const dev = await adminObjects('dev');
    for (const [v, k, n] of [
      ['tekton.dev/v1', 'Pipeline', `${name}-ci`],
      ['triggers.tekton.dev/v1beta1', 'TriggerTemplate', `${name}-run`],
      ['triggers.tekton.dev/v1beta1', 'TriggerBinding', `${name}-push`],
      ['triggers.tekton.dev/v1beta1', 'EventListener', `${name}-listener`],
      ['v1', 'Secret', `${name}-listener-webhook`],
    ]) {
      await dev.read({
        apiVersion: v,
        kind: k,
        metadata: { name: n, namespace: team },
      });
    }
    // Tekton Triggers' roles reach the listener's account (what a real
    // EventListener needs to read its triggers and start a PipelineRun), in
    // the team namespace only.
    const listener = `system:serviceaccount:${team}:${name}-pipeline`;
    const can = (
      verb: string,
      group: string,
      resource: string,
      namespace?: string,
    ) =>
      canI('dev', listener, {
        verb,
        group,
        resource,
        namespace,
      });
    expect(
      await can('list', 'triggers.tekton.dev', 'triggerbindings', team),
    ).toBe(true);
    expect(await can('create', 'tekton.dev', 'pipelineruns', team)).toBe(true);
    expect(
      await can('list', 'triggers.tekton.dev', 'clustertriggerbindings'),
    ).toBe(true);
    expect(await can('create', 'tekton.dev', 'pipelineruns', 'payments')).toBe(
      false,
    );
    // The deploy task rolls out the new image with the team's rights, here only.
    expect(await can('patch', 'apps', 'deployments', team)).toBe(true);
    expect(await can('patch', 'apps', 'deployments', 'payments')).toBe(false);
    expect(
      await can('create', 'rbac.authorization.k8s.io', 'rolebindings', team),
    ).toBe(false);

    // The component in the catalog, under its application, as soon as the
    // task has completed (its last step waits for the catalog): no retries.
    const entity = await api.get(
      guest,
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    expect(entity.status).toBe(200);
    // Read from the new repository's file, not discovered from the workload.
    expect(
      entity.body.metadata.annotations[
        'backstage.io/managed-by-origin-location'
      ],
    ).toMatch(
      new RegExp(
        `^url:${gitea.url}/${gitea.org}/${name}/.*/catalog-info\\.yaml$`,
      ),
    );
    expect(entity.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'partOf', targetRef: `system:default/${team}-app` },
        { type: 'ownedBy', targetRef: `group:default/${team}` },
      ]),
    );
  });

  it("Go with the host's Actions (Gitea Actions here): workflow in the repository, no Tekton objects, deployed on dev", async () => {
    const name = `go-${run}`;
    created.repos.push(name);
    const task = await runTemplate(
      api,
      guest,
      'template:default/go-service',
      values(name, { ci: 'actions', clusters: ['resource:default/dev'] }),
    );
    report('go-service', task);
    expect(task.status).toBe('completed');
    expect(task.steps.find(s => s.id === 'pipeline')?.status).toBe('skipped');
    const { gitea } = api;
    const contents = async (p: string) =>
      giteaApi(gitea, 'GET', `/repos/${gitea.org}/${name}/contents/${p}`);
    const workflow = await contents('.gitea/workflows/ci.yaml');
    expect(workflow.status).toBe(200);
    const text = Buffer.from(workflow.body.content, 'base64').toString('utf8');
    // Template expressions rendered, the workflow's own expressions kept.
    expect(text).toContain(`deployment/${name}`);
    expect(text).toContain('${{ github.sha }}');
    expect((await contents('.tekton/pipeline.yaml')).status).toBe(404);
    expect((await contents('go.mod')).status).toBe(200);
    const hooks = await giteaApi(
      gitea,
      'GET',
      `/repos/${gitea.org}/${name}/hooks`,
    );
    expect(hooks.body).toEqual([]);
    const dev = await adminObjects('dev');
    await dev.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: team },
    });
  });

  it('Spring Boot with Tekton: Actuator probes in the Deployment', async () => {
    const name = `spring-${run}`;
    created.repos.push(name);
    const task = await runTemplate(
      api,
      guest,
      'template:default/spring-boot-service',
      values(name, { clusters: ['resource:default/prod'] }),
    );
    report('spring-boot-service', task);
    expect(task.status).toBe('completed');
    const { gitea } = api;
    const javaPackage = name.replace(/-/g, '');
    const app = await giteaApi(
      gitea,
      'GET',
      `/repos/${gitea.org}/${name}/contents/src/main/java/dev/paasport/${javaPackage}/Application.java`,
    );
    expect(app.status).toBe(200);
    const prod = await adminObjects('prod');
    const deployment: any = await prod.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: team },
    });
    expect(
      deployment.spec.template.spec.containers[0].readinessProbe.httpGet.path,
    ).toBe('/actuator/health/readiness');
    await prod.read({
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: { name: `${name}-ci`, namespace: team },
    });
  });

  it('Python with Tekton: FastAPI service, its test command in the pipeline', async () => {
    const name = `py-${run}`;
    created.repos.push(name);
    const task = await runTemplate(
      api,
      guest,
      'template:default/python-service',
      values(name, { clusters: ['resource:default/dev'] }),
    );
    report('python-service', task);
    expect(task.status).toBe('completed');
    const { gitea } = api;
    const main = await giteaApi(
      gitea,
      'GET',
      `/repos/${gitea.org}/${name}/contents/app/main.py`,
    );
    expect(main.status).toBe(200);
    expect(Buffer.from(main.body.content, 'base64').toString('utf8')).toContain(
      `FastAPI(title="${name}")`,
    );
    const dev = await adminObjects('dev');
    const pipeline: any = await dev.read({
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: { name: `${name}-ci`, namespace: team },
    });
    const testStep = pipeline.spec.tasks.find((t: any) => t.name === 'test')
      .taskSpec.steps[0];
    expect(testStep.image).toBe('python:3.12-slim');
    expect(testStep.script).toContain('python -m unittest discover');
    const deployment: any = await dev.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: team },
    });
    expect(
      deployment.spec.template.spec.containers[0].livenessProbe.httpGet.path,
    ).toBe('/healthz/live');
  });

  it('a late failure removes repository, webhook, pipeline and deployment, keeps the pre-existing namespace and says so', async () => {
    const name = `fail-${run}`;
    created.repos.push(name);
    const storefront = {
      owner: 'group:default/storefront',
      system: 'system:default/shop',
      clusters: ['resource:default/dev'],
    };
    const task = await runTemplate(
      api,
      guest,
      'template:default/nodejs-service-failing',
      values(name, storefront),
    );
    report('nodejs-service-failing', task);
    expect(task.status).toBe('failed');
    const undoLines = task.log
      .filter(l => l.stepId === 'undo')
      .map(l => l.message);
    const text = undoLines.join('\n');
    expect(text).toContain(
      `Undo: repository paasport/${name} on 127.0.0.1:16300: removed`,
    );
    expect(text).toMatch(/Undo: webhook \d+ of paasport\/.* removed/);
    expect(text).toContain(
      `Undo: Pipeline storefront/${name}-ci on cluster dev: removed`,
    );
    expect(text).toContain(
      `Undo: Deployment storefront/${name} on cluster dev: removed`,
    );
    expect(text).not.toContain('Namespace storefront');
    expect(text).toContain('0 could not be removed');

    const { gitea } = api;
    expect(
      (await giteaApi(gitea, 'GET', `/repos/${gitea.org}/${name}`)).status,
    ).toBe(404);
    const dev = await adminObjects('dev');
    const gone = async (
      apiVersion: string,
      kind: string,
      n: string,
      namespace?: string,
    ) =>
      dev.read({ apiVersion, kind, metadata: { name: n, namespace } }).then(
        () => `${kind} ${n} still there`,
        e => (e.code === 404 ? 'gone' : String(e)),
      );
    expect(await gone('apps/v1', 'Deployment', name, 'storefront')).toBe(
      'gone',
    );
    expect(await gone('v1', 'Service', name, 'storefront')).toBe('gone');
    expect(
      await gone('tekton.dev/v1', 'Pipeline', `${name}-ci`, 'storefront'),
    ).toBe('gone');
    expect(
      await gone(
        'triggers.tekton.dev/v1beta1',
        'EventListener',
        `${name}-listener`,
        'storefront',
      ),
    ).toBe('gone');
    expect(
      await gone('v1', 'Secret', `${name}-listener-webhook`, 'storefront'),
    ).toBe('gone');
    expect(
      await gone('v1', 'ServiceAccount', `${name}-pipeline`, 'storefront'),
    ).toBe('gone');
    expect(
      await gone(
        'rbac.authorization.k8s.io/v1',
        'RoleBinding',
        `${name}-pipeline-triggers`,
        'storefront',
      ),
    ).toBe('gone');
    expect(
      await gone(
        'rbac.authorization.k8s.io/v1',
        'RoleBinding',
        `${name}-pipeline-deploy`,
        'storefront',
      ),
    ).toBe('gone');
    expect(
      await gone(
        'rbac.authorization.k8s.io/v1',
        'ClusterRoleBinding',
        `storefront-${name}-pipeline-triggers`,
      ),
    ).toBe('gone');
    // The team's namespace and its quota existed before: untouched.
    await dev.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'storefront' },
    });
    await dev.read({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'team-quota', namespace: 'storefront' },
    });
    const res = await api.get(
      guest,
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    expect(res.status).toBe(404);
  });

  it('stops before creating anything when the name is taken or the user is not in the team', async () => {
    const taken = await runTemplate(
      api,
      guest,
      'template:default/go-service',
      values('shop-api', {
        owner: 'group:default/storefront',
        system: 'system:default/shop',
      }),
    );
    expect(taken.status).toBe('failed');
    const takenLog = taken.log.map(l => l.message).join('\n');
    expect(takenLog).toContain(
      "The name 'shop-api' is not free: component:default/shop-api already exists in the catalog",
    );
    expect(takenLog).toContain('Undo: this task recorded nothing to remove');
    expect(
      taken.steps.filter(s => s.status === 'completed').map(s => s.id),
    ).toEqual(['undo']);

    const name = `nope-${run}`;
    const refused = await runTemplate(
      api,
      outsider,
      'template:default/go-service',
      values(name),
    );
    expect(refused.status).toBe('failed');
    expect(refused.log.map(l => l.message).join('\n')).toMatch(
      new RegExp(
        `user:default/bob is not a member of group:default/${team}, which owns namespace ${team} on dev`,
      ),
    );
    const { gitea } = api;
    expect(
      (await giteaApi(gitea, 'GET', `/repos/${gitea.org}/${name}`)).status,
    ).toBe(404);
  });

  it("answers the name field on the scaffolder's router: a repository that exists is taken, a fresh name free", async () => {
    const { gitea } = api;
    const name = `field-${run}`;
    created.repos.push(name);
    const repo = await giteaApi(gitea, 'POST', `/orgs/${gitea.org}/repos`, {
      name,
    });
    expect(repo.status).toBe(201);
    const taken = await api.get(
      guest,
      `/api/scaffolder/paasport/service-names/${name}`,
    );
    expect([taken.status, taken.body]).toEqual([
      200,
      {
        name,
        catalog: { free: true },
        repository: {
          free: false,
          provider: 'gitea',
          url: `${gitea.url}/${gitea.org}/${name}`,
        },
      },
    ]);
    const free = await api.get(
      guest,
      `/api/scaffolder/paasport/service-names/free-${run}`,
    );
    expect(free.body.repository).toEqual({ free: true, provider: 'gitea' });
    // The test backend treats a request without a token as the default user,
    // so the caller that must be refused here is another backend.
    const service = await request(api.server)
      .get(`/api/scaffolder/paasport/service-names/${name}`)
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
  });
});

/** Prints the run's timing split by step (the figure issue 7 asks for). */
function report(template: string, task: TaskRun) {
  const lines = task.steps.map(
    s =>
      `  ${s.id.padEnd(20)} ${s.status.padEnd(10)} ${s.seconds.toFixed(2)} s`,
  );
  // eslint-disable-next-line no-console
  console.log(
    `${template}: ${task.status} in ${task.seconds.toFixed(1)} s\n${lines.join(
      '\n',
    )}`,
  );
}
