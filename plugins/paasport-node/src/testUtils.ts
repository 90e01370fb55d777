import {
  AuditorServiceCreateEventOptions,
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * What the auditor recorded: one entry per closed event.
 *
 * @public
 */
export interface AuditRecord {
  eventId: string;
  severityLevel?: string;
  outcome: 'success' | 'fail';
  meta: Record<string, unknown>;
  error?: string;
}

/**
 * An auditor that keeps every closed event in `records`, in order; install
 * `auditor.factory` in a test backend or pass `auditor` to a service.
 *
 * @public
 */
export function recordingAuditor() {
  const records: AuditRecord[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async (event: AuditorServiceCreateEventOptions) => ({
      success: async ({ meta } = {}) => {
        records.push({
          eventId: event.eventId,
          severityLevel: event.severityLevel,
          outcome: 'success',
          meta: { ...event.meta, ...meta },
        });
      },
      fail: async ({ meta, error }) => {
        records.push({
          eventId: event.eventId,
          severityLevel: event.severityLevel,
          outcome: 'fail',
          meta: { ...event.meta, ...meta },
          error: error.message,
        });
      },
    }),
  });
  return { records, auditor };
}

/**
 * Polls `check` until it returns a value (not undefined or false) or time
 * runs out; a throwing check counts as not yet, and the last error is in the
 * timeout's message.
 *
 * @public
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `timed out waiting for ${what}${lastError ? `: ${lastError}` : ''}`,
  );
}

/**
 * The mock auth service, except that a plugin calling another on behalf of a
 * user sends a user token naming the plugin as actor, as Backstage's real
 * auth service does. The permission backend tells such calls from direct
 * user requests by the actor (it refuses conditional decisions to the
 * latter), and the mock leaves the actor out.
 *
 * @public
 */
export const onBehalfOfAuthServiceFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const pluginId = plugin.getId();
    const auth = mockServices.auth({ pluginId });
    return {
      authenticate: (token, options) => auth.authenticate(token, options),
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      isPrincipal: ((credentials, type) =>
        auth.isPrincipal(credentials, type)) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const { onBehalfOf } = options;
        if (auth.isPrincipal(onBehalfOf, 'user')) {
          const { userEntityRef, actor } = onBehalfOf.principal;
          return {
            token: mockCredentials.user.token(userEntityRef, {
              actor: actor ?? { subject: `plugin:${pluginId}` },
            }),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    };
  },
});
