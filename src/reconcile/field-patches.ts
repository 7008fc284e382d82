// JSON Patch operations for what a server-side apply cannot do: remove fields
// another manager owns (added by hand, or left behind by the deployer), and
// put values back where the live object no longer merges with Git.
import type { JsonPatchOperation } from '../cluster/client.ts'
import { comparePointers } from '../drift/pointer.ts'
import type { FieldChange } from '../types.ts'

/**
 * Removals for fields Git does not have. Scalars are guarded by a `test` of the
 * value seen at detection (not masked Secret values), so a field changed since is
 * not removed blindly. List items are removed from the highest index down, so
 * earlier removals do not shift later ones.
 */
export function removalOperations(changes: readonly FieldChange[]): JsonPatchOperation[] {
  const removals = changes
    .filter(c => c.reason === 'added-out-of-band' || c.reason === 'removed-from-git')
    .filter(c => c.path !== '' && c.live !== undefined)
    .sort((a, b) => comparePointersDescending(a.path, b.path))
  return removals.flatMap(change => guarded(change, { op: 'remove', path: change.path }))
}

/**
 * Replacements of changed values with Git's, for when the server refuses the apply
 * because live and desired no longer merge (a list key renamed by hand).
 */
export function replacementOperations(changes: readonly FieldChange[]): JsonPatchOperation[] {
  return changes
    .filter(c => c.reason === 'changed' && !c.sensitive && c.path !== '')
    .flatMap(change => {
      if (change.desired === undefined) return guarded(change, { op: 'remove', path: change.path })
      if (change.live === undefined)
        return [{ op: 'add' as const, path: change.path, value: change.desired }]
      return guarded(change, { op: 'replace', path: change.path, value: change.desired })
    })
}

/**
 * Scalars only: a reported object or list may be normalized (empty values dropped),
 * so testing it against the raw live object could refuse a correct removal.
 */
function guarded(change: FieldChange, operation: JsonPatchOperation): JsonPatchOperation[] {
  const scalar = ['string', 'number', 'boolean'].includes(typeof change.live)
  if (change.sensitive || !scalar) return [operation]
  return [{ op: 'test', path: change.path, value: change.live }, operation]
}

/** Reverse order, comparing list indices as numbers: /env/10 before /env/9 before /env/2. */
export function comparePointersDescending(a: string, b: string): number {
  return comparePointers(b, a)
}
