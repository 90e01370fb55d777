import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';

/**
 * A registry mock and a function that invokes one of its actions, as a
 * signed-in user unless told otherwise.
 */
export function actionInvoker(name: string) {
  const registry = actionsRegistryServiceMock();
  const invoke = (
    input: object,
    credentials: BackstageCredentials = mockCredentials.user(),
  ) =>
    registry.invoke({ id: `test:${name}`, input: { ...input }, credentials });
  return { registry, invoke };
}
