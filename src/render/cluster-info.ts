// What a renderer may learn from the cluster, in a file of its own so the
// renderers (helm) and the dispatcher (index.ts) both import it without a cycle.

/** What a renderer may learn from the cluster (helm renders against its version and APIs). */
export interface ClusterInfo {
  version: string
  apiVersions: string[]
  /** the kubeconfig context's namespace: helm's release namespace when the target names none. */
  defaultNamespace?: string
}
