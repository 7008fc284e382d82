// What never counts as drift: server-set metadata, status, controller-owned
// annotations, and the difference between an empty value and an absent one.

import type { KubeObject } from '../types.ts'
import { cloneJson, isPlainObject } from './json.ts'

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration'

/** Metadata the API server (or a controller) writes; never part of the desired state. */
const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'ownerReferences'
]

/**
 * Annotations written by tools and controllers, not by the people who own the
 * manifests. The API server itself writes `deprecated.daemonset.template.generation`
 * on every DaemonSet template change (so a dry-run of a drifted template bumps it);
 * managedFields credit it to whoever sent the change, but nobody chose its value.
 */
const SERVER_ANNOTATIONS = [
  LAST_APPLIED_ANNOTATION,
  'deployment.kubernetes.io/revision',
  'deprecated.daemonset.template.generation'
]

/**
 * A copy of `object` without what never counts, with empty maps, empty lists and
 * nulls removed. List items are never removed, so list indices stay those of the
 * input: a JSON Pointer into the normalized object is valid in the original.
 */
export function normalizeObject(object: KubeObject): KubeObject {
  const copy = cloneJson(object)
  delete copy.status
  const metadata = isPlainObject(copy.metadata) ? copy.metadata : {}
  for (const field of SERVER_METADATA) delete metadata[field]
  const annotations = metadata.annotations
  if (isPlainObject(annotations)) {
    for (const annotation of SERVER_ANNOTATIONS) delete annotations[annotation]
  }
  const pruned = pruneEmpty(copy)
  const result = (isPlainObject(pruned) ? pruned : {}) as KubeObject
  // metadata always exists, even when nothing in it counts.
  if (!isPlainObject(result.metadata)) result.metadata = {}
  return result
}

/**
 * The identity of an object (apiVersion, kind, name, namespace): it selects the
 * object, so it is never a field someone added out of band or Git removed.
 */
export function isIdentityPath(segments: readonly string[]): boolean {
  const [top, field] = segments
  if (segments.length === 1) return top === 'apiVersion' || top === 'kind'
  return segments.length === 2 && top === 'metadata' && (field === 'name' || field === 'namespace')
}

/** true for the paths normalizeObject removes (status, server metadata, tool annotations). */
export function isServerManagedPath(segments: readonly string[]): boolean {
  const [top, field, key] = segments
  if (top === 'status') return true
  if (top !== 'metadata' || field === undefined) return false
  if (SERVER_METADATA.includes(field)) return true
  return field === 'annotations' && key !== undefined && SERVER_ANNOTATIONS.includes(key)
}

/**
 * Removes nulls and empty maps/lists from maps, recursively, so that `{}`, `[]`,
 * `null` and absent compare equal. Returns undefined when nothing is left.
 */
export function pruneEmpty(value: unknown): unknown {
  if (value === null || value === undefined) return undefined
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined
    // Items are kept (even when empty) so indices keep pointing at the same items.
    return value.map(item => pruneEmpty(item) ?? emptyLike(item))
  }
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(value)) {
      const pruned = pruneEmpty(child)
      if (pruned !== undefined) result[key] = pruned
    }
    return Object.keys(result).length === 0 ? undefined : result
  }
  return value
}

function emptyLike(value: unknown): unknown {
  if (Array.isArray(value)) return []
  if (isPlainObject(value)) return {}
  return null
}
