// Catalogue case B12: a field the deployer applied before that Git no longer has.
// The next apply removes it, so it is drift even though nobody touched the cluster.
// Server-side apply remembers what it applied in managedFields; client-side
// `kubectl apply` in the last-applied-configuration annotation.

import type { FieldChange, KubeObject } from '../types.ts'
import { attributionOf } from './attribution.ts'
import { isPlainObject } from './json.ts'
import { type Ownership, mostRecent, ownersAt } from './managed-fields.ts'
import { removesDroppedFields } from './managers.ts'
import { isIdentityPath, isServerManagedPath } from './normalize.ts'
import { ownedAbsentFromDesired } from './owned-absent.ts'
import { pairLists } from './pairing.ts'
import { parsePointer, toPointer, valueAt } from './pointer.ts'

/**
 * `live`, `desired` and `lastApplied` are normalized (and masked): only the shape of
 * `lastApplied` is read, values always come from `live`. Reports the highest node
 * absent from desired, with its live value and who owns it.
 */
export function findRemovedFromGit(
  live: KubeObject,
  desired: KubeObject,
  ownership: readonly Ownership[],
  lastApplied: KubeObject | undefined,
  fieldManager: string
): FieldChange[] {
  const byPath = new Map<string, FieldChange>()
  const add = (path: string, attribution: Pick<FieldChange, 'manager' | 'operation' | 'time'>) => {
    if (byPath.has(path)) return
    byPath.set(path, {
      path,
      reason: 'removed-from-git',
      live: valueAt(live, parsePointer(path)),
      ...attribution
    })
  }
  for (const { entry } of ownership) {
    if (!removesDroppedFields(entry, fieldManager)) continue
    for (const path of ownedAbsentFromDesired(entry.fieldsV1, live, desired)) {
      add(path, attributionOf(entry))
    }
  }
  if (lastApplied !== undefined) {
    for (const path of lastAppliedAbsentFromDesired(lastApplied, desired, live)) {
      add(path, attributionOf(mostRecent(ownersAt(ownership, path))))
    }
  }
  return [...byPath.values()]
}

/** Live paths of nodes in the last-applied configuration that desired no longer has. */
export function lastAppliedAbsentFromDesired(
  lastApplied: unknown,
  desired: unknown,
  live: unknown
): string[] {
  const found: string[] = []
  const walk = (applied: unknown, wanted: unknown, current: unknown, path: string[]) => {
    // Only what exists live can be removed.
    if (current === undefined || applied === undefined) return
    if (isServerManagedPath(path) || isIdentityPath(path)) return
    if (wanted === undefined) {
      found.push(toPointer(path))
      return
    }
    if (isPlainObject(applied) && isPlainObject(wanted) && isPlainObject(current)) {
      for (const key of Object.keys(applied)) {
        walk(applied[key], wanted[key], current[key], [...path, key])
      }
      return
    }
    if (Array.isArray(applied) && Array.isArray(wanted) && Array.isArray(current)) {
      const toDesired = pairLists(applied, wanted)
      const toLive = pairLists(applied, current)
      // A list replaced as a whole shows any difference as a changed field instead.
      if (toDesired.kind === 'atomic' || toLive.kind === 'atomic') return
      const wantedFor = new Map(toDesired.pairs.map(pair => [pair.leftIndex, pair.right]))
      for (const pair of toLive.pairs) {
        if (pair.leftIndex === undefined || pair.rightIndex === undefined) continue
        walk(pair.left, wantedFor.get(pair.leftIndex), pair.right, [...path, `${pair.rightIndex}`])
      }
    }
  }
  walk(lastApplied, desired, live, [])
  return found
}
