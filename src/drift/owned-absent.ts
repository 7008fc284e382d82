// Walks one manager's fieldsV1 over the live and the desired object at once, to
// find what that manager owns live that Git does not have.

import { findChild, isOwnedNode, parseFieldsKey } from './managed-fields.ts'
import { isPlainObject } from './json.ts'
import { pairLists } from './pairing.ts'
import { isIdentityPath, isServerManagedPath } from './normalize.ts'
import { childPointer } from './pointer.ts'

/**
 * The highest nodes owned by `fieldsV1` that exist in `live` and are absent from
 * `desired`, as live JSON Pointers: an env entry as a whole rather than its name and
 * value, a whole `resources` block when the manager owns everything in it. List
 * items are found in desired by the key fields (`k:{...}`) or value (`v:...`) that
 * identify them live, or failing that by the pairing the structural diff uses (a
 * Service port edited from 80 to 8081 changes its `k:{"port":...}` key, but it is
 * still Git's `http` port, changed, not a port added out of band). Status and
 * server metadata are skipped. Where `lookInside` says so, a node is never claimed
 * as a whole: only the owned nodes inside it are (the keys of a map that another
 * manager created, or whose keys each stand alone).
 */
export function ownedAbsentFromDesired(
  fieldsV1: unknown,
  live: unknown,
  desired: unknown,
  lookInside: (pointer: string) => boolean = () => false
): string[] {
  const found: string[] = []
  const walk = (
    fields: unknown,
    liveNode: unknown,
    desiredNode: unknown,
    path: string[],
    at: string
  ) => {
    if (!isPlainObject(fields)) return
    for (const [key, sub] of Object.entries(fields)) {
      const element = parseFieldsKey(key)
      if (element === undefined) continue
      const liveChild = findChild(liveNode, element)
      if (liveChild === undefined) continue
      const childPath = [...path, liveChild.segment]
      if (isServerManagedPath(childPath) || isIdentityPath(childPath)) continue
      const desiredChild =
        findChild(desiredNode, element)?.value ??
        counterpartItem(liveNode, desiredNode, liveChild.segment)
      const pointer = childPointer(at, liveChild.segment)
      if (
        desiredChild === undefined &&
        !lookInside(pointer) &&
        (isOwnedNode(sub) || ownsAllOf(sub, liveChild.value))
      ) {
        found.push(pointer)
        continue
      }
      walk(sub, liveChild.value, desiredChild, childPath, pointer)
    }
  }
  walk(fieldsV1, live, desired, [], '')
  return found
}

/** Whether `fields` owns every leaf of `value` (so the node as a whole is that manager's). */
function ownsAllOf(fields: unknown, value: unknown): boolean {
  if (!isPlainObject(fields)) return false
  if (Object.keys(fields).length === 0) return true
  const children = Object.entries(fields).flatMap(([key, sub]) => {
    const element = parseFieldsKey(key)
    const child = element === undefined ? undefined : findChild(value, element)
    return child === undefined ? [] : [{ segment: child.segment, sub }]
  })
  const segments = Array.isArray(value)
    ? value.map((_, index) => `${index}`)
    : isPlainObject(value)
      ? Object.keys(value)
      : undefined
  if (segments === undefined || segments.length === 0) return false
  return segments.every(segment => {
    const owner = children.find(child => child.segment === segment)
    const item = Array.isArray(value)
      ? value[Number(segment)]
      : (value as Record<string, unknown>)[segment]
    return owner !== undefined && ownsAllOf(owner.sub, item)
  })
}

/** The desired item paired with live item `segment` by list-keys.ts, if any. */
function counterpartItem(liveList: unknown, desiredList: unknown, segment: string): unknown {
  if (!Array.isArray(liveList) || !Array.isArray(desiredList)) return undefined
  const pairing = pairLists(liveList, desiredList)
  if (pairing.kind === 'atomic') return undefined
  return pairing.pairs.find(pair => pair.leftIndex === Number(segment))?.right
}
