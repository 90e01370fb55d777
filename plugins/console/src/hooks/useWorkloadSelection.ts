import {
  isClusterError,
  ReleasesResponse,
  WorkloadKind,
} from '@paasport/plugin-console-common';
import { useMemo, useRef, useState } from 'react';

/** One workload on one cluster, as the logs and metrics endpoints take it. */
export interface WorkloadChoice {
  cluster: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** The pod template's containers, for the logs' container picker. */
  containers: string[];
  initContainers: string[];
}

/** A stable key for a choice, for selects and memo dependencies. */
export const choiceKey = (c: WorkloadChoice) =>
  `${c.cluster}/${c.kind}/${c.namespace}/${c.name}`;

/**
 * The workloads a Component has on the clusters that answered, and the one
 * the user picked (the first, until they pick another).
 */
export function useWorkloadSelection(releases: ReleasesResponse | undefined) {
  const choices = useMemo<WorkloadChoice[]>(
    () =>
      (releases?.clusters ?? []).flatMap(entry =>
        isClusterError(entry)
          ? []
          : entry.workloads.map(w => ({
              cluster: entry.cluster,
              kind: w.kind,
              namespace: w.namespace,
              name: w.name,
              containers: w.containers,
              initContainers: w.initContainers,
            })),
      ),
    [releases],
  );
  const [picked, setPicked] = useState<string>();
  // Falls back to the first choice when the picked one went away (a cluster
  // stopped answering on refresh), rather than showing nothing.
  const found: WorkloadChoice | undefined =
    choices.find(c => choiceKey(c) === picked) ?? choices[0];
  // The releases refresh every few seconds with new objects; the selection
  // keeps its identity unless it really changes, so a log stream or metrics
  // query built from it does not restart on every refresh.
  const stable = useRef(found);
  if (
    !found ||
    !stable.current ||
    choiceKey(found) !== choiceKey(stable.current)
  ) {
    stable.current = found;
  }
  return {
    choices,
    selected: stable.current,
    select: (choice: WorkloadChoice) => setPicked(choiceKey(choice)),
  };
}
