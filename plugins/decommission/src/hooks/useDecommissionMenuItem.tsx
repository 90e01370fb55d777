import { stringifyEntityRef } from '@backstage/catalog-model';
import { dialogApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { decommissionEntityExecutePermission } from '@paasport/plugin-decommission-common';
import { DecommissionDialog } from '../components/DecommissionDialog';

/**
 * "Decommission" in an entity page's menu: enabled only for people the
 * permission policy lets decommission this entity (its owners and admins),
 * like "Unregister entity" next to it; it opens the dialog.
 */
export function useDecommissionMenuItem() {
  const { entity } = useEntity();
  const dialogApi = useApi(dialogApiRef);
  const { allowed, loading } = usePermission({
    permission: decommissionEntityExecutePermission,
    resourceRef: stringifyEntityRef(entity),
  });
  return {
    title: 'Decommission',
    disabled: loading || !allowed,
    onClick: () => {
      // The dialog renders outside the entity page: it gets the entity.
      dialogApi.open(({ dialog }) => (
        <DecommissionDialog entity={entity} onClose={() => dialog.close()} />
      ));
    },
  };
}
