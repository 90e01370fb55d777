import { JsonObject } from '@backstage/types';
import {
  AuditRecord,
  onBehalfOfAuthServiceFactory,
} from '@paasport/plugin-paasport-node/testUtils';
import {
  BackstageUserPrincipal,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGitea from '@backstage/plugin-scaffolder-backend-module-gitea';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import permissionModulePaasportPolicy from '@paasport/plugin-permission-backend-module-paasport-policy';
import { register } from 'prom-client';
import request from 'supertest';
import scaffolderModulePaasport from '../index';
import { eventually, localServices, repoRoot } from './environment';
import path from 'node:path';

/**
 * Group memberships of the test users, as the auth backend would resolve them
 * from the catalog at sign-in (the part of identity these tests do not run):
 * the permission policy reads them. Paasport's actions do not: they take
 * membership from the catalog's trusted Groups (the application model), so
 * a test team's Group must list its members too.
 */
export type Memberships = Record<string, string[]>;

/**
 * A backend with the real scaffolder, publish:gitea, Paasport's actions, the
 * real catalog (the demo catalog plus `extraLocations`) and the real
 * permission backend with the Paasport policy, on the local clusters and the
 * local Gitea.
 */
export async function startScaffolderBackend(options: {
  memberships: Memberships;
  extraLocations?: string[];
  /** `backend.database`; each backend gets in-memory SQLite without it. */
  database?: JsonObject;
  /** Merged into `scaffolder` (e.g. task timeouts). */
  scaffolder?: JsonObject;
  /** Merged into `integrations` (e.g. a GitHub integration). */
  integrations?: JsonObject;
  /** Replaces a default service or adds test modules. */
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const { gitea, clusters } = localServices();
  const userInfo = createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: BackstageCredentials) {
        const ref = (credentials.principal as BackstageUserPrincipal)
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(options.memberships[ref] ?? [])],
        };
      },
    }),
  });
  const { records: audits, factory: auditor } = recordingAuditor();
  const backend = await startTestBackend({
    features: [
      auditor,
      // Static imports: jest runs CommonJS and refuses import().
      scaffolderPlugin,
      scaffolderModuleGitea,
      scaffolderModuleGithub,
      scaffolderModulePaasport,
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      permissionPlugin,
      permissionModulePaasportPolicy,
      userInfo,
      onBehalfOfAuthServiceFactory,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...(options.database
            ? { backend: { database: options.database } }
            : {}),
          app: { baseUrl: 'http://localhost:3000' },
          permission: { enabled: true },
          paasport: { permissions: { adminGroups: ['group:default/admins'] } },
          integrations: {
            ...gitea.config.integrations,
            ...options.integrations,
          },
          scaffolder: { ...gitea.config.scaffolder, ...options.scaffolder },
          kubernetes: clusters.data.kubernetes,
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Domain',
                  'Group',
                  'User',
                  'Template',
                ],
              },
            ],
            locations: [
              path.join(repoRoot, 'catalog/all.yaml'),
              ...(options.extraLocations ?? []),
            ].map(target => ({ type: 'file', target })),
          },
        },
      }),
    ],
  });
  const server = backend.server;
  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });
  return {
    backend,
    server,
    /** Every audit event closed so far, in order. */
    audits,
    gitea,
    clusters,
    get: (user: string, url: string) => request(server).get(url).set(as(user)),
    post: (user: string, url: string, body: object) =>
      request(server).post(url).set(as(user)).send(body),
  };
}

/**
 * An auditor that keeps every closed event, in order. Written without jest
 * (unlike paasport-node's recordingAuditor), since the same backend also runs
 * in a plain child process (crashingBackend.ts).
 */
function recordingAuditor() {
  const records: AuditRecord[] = [];
  const factory = createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: () => ({
      async createEvent(event) {
        const record = (outcome: 'success' | 'fail', extra: object) =>
          records.push({
            eventId: event.eventId,
            severityLevel: event.severityLevel,
            outcome,
            meta: { ...event.meta },
            ...extra,
          });
        return {
          async success(options) {
            record('success', { meta: { ...event.meta, ...options?.meta } });
          },
          async fail(options) {
            record('fail', {
              meta: { ...event.meta, ...options.meta },
              error: options.error.message,
            });
          },
        };
      },
    }),
  });
  return { records, factory };
}

/** A finished task: its status, log lines and per-step durations. */
export interface TaskRun {
  id: string;
  status: string;
  log: Array<{ stepId?: string; status?: string; message: string }>;
  steps: Array<{ id: string; status: string; seconds: number }>;
  seconds: number;
}

/** Total seconds the scaffolder spent per step name of a template so far. */
async function stepSeconds(templateRef: string): Promise<Map<string, number>> {
  const metric = register.getSingleMetric('scaffolder_step_duration');
  const sums = new Map<string, number>();
  if (!metric) return sums;
  for (const v of (await metric.get()).values) {
    if (
      (v as { metricName?: string }).metricName ===
        'scaffolder_step_duration_sum' &&
      v.labels.template === templateRef
    ) {
      const step = String(v.labels.step);
      sums.set(step, (sums.get(step) ?? 0) + v.value);
    }
  }
  return sums;
}

/** Starts a task from a template through the scaffolder API and waits for its end. */
export async function runTemplate(
  api: Awaited<ReturnType<typeof startScaffolderBackend>>,
  user: string,
  templateRef: string,
  values: object,
  timeoutMs = 240_000,
): Promise<TaskRun> {
  const started = Date.now();
  const created = await api.post(user, '/api/scaffolder/v2/tasks', {
    templateRef,
    values,
  });
  if (created.status !== 201) {
    throw new Error(
      `POST /v2/tasks: ${created.status} ${JSON.stringify(created.body)}`,
    );
  }
  const id = created.body.id as string;
  const before = await stepSeconds(templateRef);
  const events: Array<{
    id: number;
    type: string;
    body: { message: string; stepId?: string; status?: string };
  }> = [];
  let status = 'open';
  while (!['completed', 'failed', 'cancelled'].includes(status)) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`task ${id} still ${status} after ${timeoutMs} ms`);
    }
    const after = events.length ? `?after=${events[events.length - 1].id}` : '';
    const fresh = await api.get(
      user,
      `/api/scaffolder/v2/tasks/${id}/events${after}`,
    );
    events.push(...(fresh.body as typeof events));
    status = (await api.get(user, `/api/scaffolder/v2/tasks/${id}`)).body
      .status;
    await new Promise(r => setTimeout(r, 200));
  }
  const seconds = (Date.now() - started) / 1000;
  const rest = await api.get(
    user,
    `/api/scaffolder/v2/tasks/${id}/events${
      events.length ? `?after=${events[events.length - 1].id}` : ''
    }`,
  );
  events.push(...(rest.body as typeof events));
  const log = events
    .filter(e => e.type === 'log')
    .map(e => ({
      stepId: e.body.stepId,
      status: e.body.status,
      message: e.body.message,
    }));
  // Step durations from the scaffolder's own step histogram (same process):
  // its task events only have whole-second timestamps on SQLite.
  const after = await stepSeconds(templateRef);
  const names = new Map<string, string>();
  const statuses = new Map<string, string>();
  for (const { body } of events) {
    if (!body.stepId) continue;
    const begun = /^Beginning step (.*)$/.exec(body.message);
    if (begun) names.set(body.stepId, begun[1]);
    if (body.status && body.status !== 'processing') {
      statuses.set(body.stepId, body.status);
    }
  }
  const steps = [...statuses].map(([stepId, stepStatus]) => {
    const name = names.get(stepId);
    return {
      id: stepId,
      status: stepStatus,
      seconds: name ? (after.get(name) ?? 0) - (before.get(name) ?? 0) : 0,
    };
  });
  return { id, status, log, steps, seconds };
}

/** Waits until the catalog has ingested the demo application `shop`. */
export async function demoCatalogIngested(
  api: Awaited<ReturnType<typeof startScaffolderBackend>>,
  user: string,
) {
  await eventually(async () => {
    const res = await api.get(
      user,
      '/api/catalog/entities/by-name/system/default/shop',
    );
    if (res.status !== 200) throw new Error(`catalog: ${res.status}`);
  }, 60_000);
}
