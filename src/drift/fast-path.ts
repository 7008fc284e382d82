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
import { isPlainObject } from './json.ts'
import { pairLists } from './pairing.ts'
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
 * applying does. Under a list index Git's item is found by the keyed pairing the
 * merge itself uses (env by name); a list paired by position, or a live item with
 * no Git counterpart, is doubt.
 */
function atomicNodeDiffers(
  live: KubeObject,
  desired: KubeObject,
  atomic: ReadonlySet<string>
): boolean {
  for (const pointer of atomic) {
    const segments = parsePointer(pointer)
    const desiredValue = counterpartAt(live, desired, segments)
    if (desiredValue === DOUBT) return true
    const liveValue = valueAt(live, segments)
    if (desiredValue !== undefined && !valuesEqual(desiredValue, liveValue, segments)) return true
  }
  return false
}

const DOUBT = Symbol('doubt')

/** Git's value at a live path, list items matched by their key; DOUBT where no key pairs them. */
function counterpartAt(live: unknown, desired: unknown, segments: readonly string[]): unknown {
  let liveNode = live
  let desiredNode = desired
  for (const segment of segments) {
    if (Array.isArray(liveNode)) {
      if (!Array.isArray(desiredNode)) return DOUBT
      const pairing = pairLists(liveNode, desiredNode)
      if (pairing.kind !== 'keyed') return DOUBT
      const pair = pairing.pairs.find(item => item.leftIndex === Number(segment))
      if (pair?.right === undefined) return DOUBT
      liveNode = liveNode[Number(segment)]
      desiredNode = pair.right
    } else {
      liveNode = isPlainObject(liveNode) ? liveNode[segment] : undefined
      desiredNode = isPlainObject(desiredNode) ? desiredNode[segment] : undefined
    }
  }
  return desiredNode
}
