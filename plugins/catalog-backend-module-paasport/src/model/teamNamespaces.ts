// The parser lives in @paasport/kubernetes-node, shared with the marketplace,
// which needs the same team → namespace mapping to deliver credentials.
export {
  isNamespaceName,
  parseTeamNamespaces,
  teamNamespaceOn,
} from '@paasport/kubernetes-node';
export type { TeamNamespaces } from '@paasport/kubernetes-node';
