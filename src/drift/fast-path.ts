// The cheap local check that lets a run skip the server dry-run for objects it can
// prove in sync. It may only ever say "in sync" when it is sure: every doubt sends
// the object to the server, because speed must not cost accuracy.

import type { KubeObject } from '../types.ts'
import { comparableSides, detectChanges } from './detect.ts'
import { type Ownership, ownershipOf } from './managed-fields.ts'
import { isOutOfBandManager } from './managers.ts'
import { mergeWithGuesses } from './merge.ts'
import { atomicNodes } from './atomic-nodes.ts'
import { parsePointer, valueAt } from './pointer.ts'
import { valuesEqual } from './values.ts'
import type { DesiredSide } from './desired-side.ts'

/**
 * true only when the local comparison finds nothing (no changed field, nothing out
 * of band, nothing removed from Git) and nothing in it was a guess: no list merged
 * by position, and no live field owned by a hand edit or foreign tool (such an edit
 * can hide in an atomic map or list the local merge cannot see as a whole).
 */
export function canProveInSyncLocally(
  desired: DesiredSide,
  live: KubeObject,
  fieldManager: string
): boolean {
  const prepared = desired.stored
  // managedFields are resolved once here, for the merge, the checks and the comparison.
  const ownership = ownershipOf(live)
  const atomic = atomicNodes(live, ownership)
  const { merged, guessedPaths } = mergeWithGuesses(live, prepared, undefined, atomic)
  if (guessedPaths.length > 0) return false
  // Nothing leaves this function but a boolean, so the salt does not matter.
  const sides = comparableSides(live, desired, merged, '')
  if (hasHandEdits(sides.live, ownership, fieldManager)) return false
  if (atomicNodeDiffers(live, prepared, atomic)) return false
  return detectChanges(sides, ownership, fieldManager).length === 0
}

function hasHandEdits(live: KubeObject, ownership: readonly Ownership[], fieldManager: string) {
  return ownership.some(
    owner =>
      isOutOfBandManager(owner.entry, fieldManager) &&
      [...owner.pointers].some(pointer => valueAt(live, parsePointer(pointer)) !== undefined)
  )
}

/**
 * The local merge replaces only some atomic nodes whole (see merge.ts); where Git
 * gives any other atomic node a different value, only the server can say what
 * applying does. Under a list index the pairing of Git to live is itself a guess,
 * so any atomic node there is doubt.
 */
function atomicNodeDiffers(
  live: KubeObject,
  desired: KubeObject,
  atomic: ReadonlySet<string>
): boolean {
  for (const pointer of atomic) {
    const segments = parsePointer(pointer)
    if (segments.some(segment => /^\d+$/.test(segment))) return true
    const desiredValue = valueAt(desired, segments)
    const liveValue = valueAt(live, segments)
    if (desiredValue !== undefined && !valuesEqual(desiredValue, liveValue, segments)) return true
  }
  return false
}
