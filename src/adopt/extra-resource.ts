// An Extra object (in the cluster, not in Git) as a manifest to commit: the live
// object without what the server sets (identity, timestamps, managedFields,
// status, the last-applied annotation, allocated addresses), so applying the
// file later creates the same object and the next check finds it in sync.
import { stringify } from 'yaml'
import { cloneJson, isPlainObject } from '../drift/json.ts'
import { LAST_APPLIED_ANNOTATION } from '../drift/normalize.ts'
import type { KubeObject } from '../types.ts'
import { groupOf } from '../util/resource-identity.ts'

const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'selfLink',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds'
]

const SERVER_ANNOTATIONS = [
  LAST_APPLIED_ANNOTATION,
  'deployment.kubernetes.io/revision',
  'config.kubernetes.io/origin'
]

/** The live object, cleaned of server-set fields. */
export function cleanExtra(live: KubeObject): KubeObject {
  const object = cloneJson(live)
  delete object.status
  for (const field of SERVER_METADATA) delete object.metadata[field]
  const annotations = object.metadata.annotations
  if (annotations) {
    for (const key of SERVER_ANNOTATIONS) delete annotations[key]
    if (Object.keys(annotations).length === 0) delete object.metadata.annotations
  }
  const spec = object.spec
  if (groupOf(object.apiVersion) === '' && object.kind === 'Service' && isPlainObject(spec)) {
    // Allocated by the server from the cluster's ranges: a manifest that names them can fail to apply.
    delete spec.clusterIP
    delete spec.clusterIPs
  }
  return object
}

/** The file an Extra object is written to: `<dir>/<kind>-<namespace>-<name>.yaml`, lower case. */
export function extraFileName(object: KubeObject): string {
  const parts = [object.kind, object.metadata.namespace, object.metadata.name]
  const name = parts
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
  return `${name}.yaml`
}

export function extraManifest(object: KubeObject): string {
  return `# Adopted by kube-drift from the live cluster (server-set fields removed).\n${stringify(
    cleanExtra(object),
    { version: '1.1', lineWidth: 0 }
  )}`
}
