// Children a controller creates (ReplicaSets of a Deployment, Pods, EndpointSlices,
// Jobs of a CronJob) often carry their parent's labels; they are never Extra.

import type { KubeObject } from '../types.ts'

export function isControllerOwned(live: KubeObject): boolean {
  return (live.metadata.ownerReferences ?? []).some(reference => reference.controller === true)
}
