import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { ComponentNameUse } from '../lib/findComponent';
import { checkServiceName, RepositoryNameUse } from '../lib/checkServiceName';

/** The catalog's and the repository host's answer for one name. */
export interface NameAvailability {
  /** The name the answer is about (lags the input while typing). */
  name: string;
  loading: boolean;
  /** The backend's sentence when the name breaks the naming rule. */
  invalid?: string;
  /** Set when a Component has the name. */
  takenBy?: ComponentNameUse;
  /** Undefined when only the catalog could be asked. */
  repository?: RepositoryNameUse;
  error?: Error;
}

/**
 * Looks the name up once typing pauses (`delayMs`), so the backend sees one
 * query per pause rather than one per key: in the catalog and the repository
 * host through the scaffolder module, or in the catalog alone when the
 * module's endpoint is not there.
 */
export function useNameAvailability(
  name: string,
  delayMs = 400,
): NameAvailability {
  const catalogApi = useApi(catalogApiRef);
  // Optional: an app without them still gets the catalog check.
  const apis = useApiHolder();
  const discoveryApi = apis.get(discoveryApiRef);
  const fetchApi = apis.get(fetchApiRef);
  const [settled, setSettled] = useState(name);
  useDebounce(() => setSettled(name), delayMs, [name]);
  const { value, loading, error } = useAsync(
    async () =>
      settled
        ? checkServiceName({ catalogApi, discoveryApi, fetchApi }, settled)
        : undefined,
    [catalogApi, discoveryApi, fetchApi, settled],
  );
  return {
    name: settled,
    loading: loading || settled !== name,
    invalid: value?.invalid,
    takenBy: value?.takenBy,
    repository: value?.repository,
    error,
  };
}
