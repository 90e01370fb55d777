import { ResponseErrorPanel } from '@backstage/core-components';
import { ClusterError } from '@paasport/plugin-console-common';

/**
 * One cluster that did not answer, shown in its place while the other
 * clusters' data still shows.
 *
 * @internal
 */
export function ClusterErrorPanel(props: {
  entry: ClusterError;
  what: string;
}) {
  const { cluster, error } = props.entry;
  // The backend sends the error serialised; the panel wants an Error.
  const shown = Object.assign(new Error(error.message), { name: error.name });
  return (
    <ResponseErrorPanel
      title={`Cluster ${cluster}: could not load ${props.what}`}
      error={shown}
    />
  );
}
