// What never counts as drift: server-set metadata, status, controller-owned
// annotations, and the difference between an empty value and an absent one.

import type { KubeObject } from '../types.ts'
import { isPlainObject } from './json.ts'

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
  // One pass that copies only what counts: status and managedFields (most of a live
  // object) are skipped, never copied.
  const result: Record<string, unknown> = {}
  for (const key in object) {
    if (key === 'status') continue
    const value = key === 'metadata' ? countedMetadata(object.metadata) : object[key]
    const pruned = pruneEmpty(value)
    if (pruned !== undefined) result[key] = pruned
  }
  // metadata always exists, even when nothing in it counts.
  if (!isPlainObject(result.metadata)) result.metadata = {}
  return result as KubeObject
}

/** metadata without the server's fields and the tools' annotations (a shallow view, not a copy). */
function countedMetadata(metadata: unknown): unknown {
  if (!isPlainObject(metadata)) return metadata
  const kept: Record<string, unknown> = {}
  for (const field in metadata) {
    if (SERVER_METADATA.includes(field)) continue
    const value = metadata[field]
    if (field === 'annotations' && isPlainObject(value)) {
      const annotations: Record<string, unknown> = {}
      for (const key in value) {
        if (!SERVER_ANNOTATIONS.includes(key)) annotations[key] = value[key]
      }
      kept[field] = annotations
    } else {
      kept[field] = value
    }
  }
  return kept
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
    let kept = 0
    for (const key in value) {
      const pruned = pruneEmpty(value[key])
      if (pruned !== undefined) {
        result[key] = pruned
        kept++
      }
    }
    return kept === 0 ? undefined : result
  }
  return value
}

function emptyLike(value: unknown): unknown {
  if (Array.isArray(value)) return []
  if (isPlainObject(value)) return {}
  return null
}
