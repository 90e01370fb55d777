/**
 * The `@kubernetes/client-node` module, as loaded by {@link loadClientNode}.
 *
 * @public
 */
export type ClientNode = typeof import('@kubernetes/client-node');

let loading: Promise<ClientNode> | undefined;

/**
 * Loads `@kubernetes/client-node` once per process.
 *
 * @remarks
 * client-node 1.x is ESM-only while Backstage backends are CommonJS, so it has
 * to be imported dynamically. Jest runs CommonJS without
 * `--experimental-vm-modules` and refuses native dynamic imports; it does
 * transpile client-node to CommonJS, so `require` is the fallback there.
 *
 * @public
 */
export function loadClientNode(): Promise<ClientNode> {
  loading ??= import('@kubernetes/client-node').catch(error => {
    if (error?.code === 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require('@kubernetes/client-node') as ClientNode;
    }
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * The HTTP status of a failed Kubernetes API call, if the error carries one.
 *
 * @remarks
 * Works for client-node's `ApiException` (its `code`) and for the errors of
 * {@link KubernetesCluster.stream} and {@link KubernetesCluster.getJson},
 * also when wrapped as the `cause` of a translated error, without needing the lazily loaded class for an `instanceof` check.
 *
 * @public
 */
export function kubernetesErrorStatus(error: unknown): number | undefined {
  // Errors translated by translateKubernetesError keep the original as cause.
  for (let e = error as any, depth = 0; e && depth < 3; e = e.cause, depth++) {
    if (typeof e.code === 'number') return e.code;
  }
  return undefined;
}
