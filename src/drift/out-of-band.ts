// Fields set in the cluster by hand (or by a foreign tool) that Git does not have:
// an env var added with `kubectl edit`. `kubectl diff` misses them because applying
// would not touch them; managedFields shows who added them.

import type { FieldChange, KubeObject, ManagedFieldsEntry } from '../types.ts'
import { attributionOf } from './attribution.ts'
import { isPlainObject } from './json.ts'
import { type Ownership, mostRecent } from './managed-fields.ts'
import { isDeployer, isOutOfBandManager } from './managers.ts'
import { ownedAbsentFromDesired } from './owned-absent.ts'
import { parsePointer, valueAt } from './pointer.ts'

/**
 * `live` and `desired` are the normalized (and masked) objects; `ownership` is the
 * live object's managedFields resolved by ownershipOf; `lastApplied` the normalized
 * last-applied configuration of a client-side apply, if any.
 *
 * Ownership is decided per node, never inherited from a parent: a deployer owning a
 * map itself (`.`) has created it, not every key in it. Client-side `kubectl apply`
 * creates `metadata.annotations` for its last-applied annotation even when the
 * manifest has none, so without this a key added there with `kubectl annotate`
 * would pass for the deployer's. Where a deployer owns a node (or applied it
 * client-side), the out-of-band manager's share is looked for inside it; a node
 * the deployer owns outright is not out of band. Labels and annotations are
 * reported key by key: each key is a fact of its own (and an ignore rule can name it).
 */
export function findOutOfBand(
  live: KubeObject,
  desired: KubeObject,
  ownership: readonly Ownership[],
  fieldManager: string,
  lastApplied?: KubeObject
): FieldChange[] {
  const deployerOwned = new Set(
    ownership
      .filter(owner => isDeployer(owner.entry, fieldManager))
      .flatMap(owner => [...owner.pointers])
  )
  const lookInside = (pointer: string) =>
    deployerOwned.has(pointer) ||
    appliedClientSide(lastApplied, pointer) ||
    isKeyedMetadataMap(pointer)
  const byPath = new Map<string, ManagedFieldsEntry>()
  for (const { entry } of ownership) {
    if (!isOutOfBandManager(entry, fieldManager)) continue
    for (const path of ownedAbsentFromDesired(entry.fieldsV1, live, desired, lookInside)) {
      const previous = byPath.get(path)
      byPath.set(path, previous === undefined ? entry : (mostRecent([previous, entry]) ?? entry))
    }
  }
  return [...byPath].map(([path, entry]) => ({
    path,
    reason: 'added-out-of-band',
    live: valueAt(live, parsePointer(path)),
    ...attributionOf(entry)
  }))
}

/**
 * Whether the last client-side apply wrote the node at `pointer`. Only map keys are
 * followed: list indices of live and last-applied need not name the same items.
 */
function appliedClientSide(lastApplied: KubeObject | undefined, pointer: string): boolean {
  let node: unknown = lastApplied
  for (const segment of parsePointer(pointer)) {
    if (!isPlainObject(node) || !Object.hasOwn(node, segment)) return false
    node = node[segment]
  }
  return node !== undefined
}

/** `…/metadata/labels` and `…/metadata/annotations`: maps whose keys stand alone. */
function isKeyedMetadataMap(pointer: string): boolean {
  const segments = parsePointer(pointer)
  const [parent, field] = segments.slice(-2)
  return parent === 'metadata' && (field === 'labels' || field === 'annotations')
}
