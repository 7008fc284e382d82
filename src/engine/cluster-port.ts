// What the engine needs of a cluster, and nothing more: resolve a kind, read
// (GET, LIST), server-side apply (its dry-run predicts), and for reconcile a
// JSON Patch and a delete. ClusterClient is the real one; unit tests pass a
// stand-in, so the engine's rules are tested without a network.
import type { JsonPatchOperation, ListOptions } from '../cluster/client.ts'
import type { ApiResource } from '../cluster/discovery.ts'
import type { KubeObject } from '../types.ts'

/** Which REST resource serves a kind (throws UnknownKindError when none does). */
export interface KindResolver {
  resolve(apiVersion: string, kind: string): ApiResource
}

export interface ApplyOptions {
  fieldManager: string
  force: boolean
  dryRun: boolean
}

/** The cluster as detection uses it. */
export interface DetectCluster {
  readonly discovery: KindResolver & { load(): Promise<void> }
  /** requests sent so far (progress and the benchmark). */
  readonly requestCount: number
  /** null when the object does not exist. */
  get(r: ApiResource, namespace: string | undefined, name: string): Promise<KubeObject | null>
  list(r: ApiResource, options?: ListOptions): Promise<KubeObject[]>
  apply(r: ApiResource, object: KubeObject, options: ApplyOptions): Promise<KubeObject>
}

/** The cluster as reconcile uses it: detection's, plus the writes an apply cannot express. */
export interface ReconcileCluster extends DetectCluster {
  readonly discovery: DetectCluster['discovery'] & { reload(): Promise<void> }
  jsonPatch(
    r: ApiResource,
    namespace: string | undefined,
    name: string,
    operations: JsonPatchOperation[],
    options: { fieldManager: string; dryRun: boolean }
  ): Promise<KubeObject>
  delete(
    r: ApiResource,
    namespace: string | undefined,
    name: string,
    dryRun?: boolean
  ): Promise<void>
}
