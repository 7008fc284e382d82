// Fields set in the cluster by hand (or by a foreign tool) that Git does not have:
// an env var added with `kubectl edit`. `kubectl diff` misses them because applying
// would not touch them; managedFields shows who added them.

import type { FieldChange, KubeObject, ManagedFieldsEntry } from '../types.ts'
import { attributionOf } from './attribution.ts'
import { type Ownership, mostRecent } from './managed-fields.ts'
import { isDeployer, isOutOfBandManager } from './managers.ts'
import { ownedAbsentFromDesired } from './owned-absent.ts'
import { parsePointer, valueAt } from './pointer.ts'

/**
 * `live` and `desired` are the normalized (and masked) objects; `ownership` is the
 * live object's managedFields resolved by ownershipOf. A field a deployer also owns
 * is not out of band.
 */
export function findOutOfBand(
  live: KubeObject,
  desired: KubeObject,
  ownership: readonly Ownership[],
  fieldManager: string
): FieldChange[] {
  const deployerOwned = new Set(
    ownership
      .filter(owner => isDeployer(owner.entry, fieldManager))
      .flatMap(owner => [...owner.pointers])
  )
  const byPath = new Map<string, ManagedFieldsEntry>()
  for (const { entry } of ownership) {
    if (!isOutOfBandManager(entry, fieldManager)) continue
    for (const path of ownedAbsentFromDesired(entry.fieldsV1, live, desired)) {
      if (deployerOwned.has(path)) continue
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
