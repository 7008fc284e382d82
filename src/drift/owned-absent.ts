// Walks one manager's fieldsV1 over the live and the desired object at once, to
// find what that manager owns live that Git does not have.

import { findChild, isOwnedNode, parseFieldsKey } from './managed-fields.ts'
import { isPlainObject } from './json.ts'
import { isServerManagedPath } from './normalize.ts'
import { toPointer } from './pointer.ts'

/**
 * The highest owned nodes of `fieldsV1` that exist in `live` and are absent from
 * `desired` (an env entry as a whole, not its name and value), as live JSON
 * Pointers. List items are found in desired by the same key fields (`k:{...}`) or
 * value (`v:...`) that identify them live. Status and server metadata are skipped.
 */
export function ownedAbsentFromDesired(
  fieldsV1: unknown,
  live: unknown,
  desired: unknown
): string[] {
  const found: string[] = []
  const walk = (fields: unknown, liveNode: unknown, desiredNode: unknown, path: string[]) => {
    if (!isPlainObject(fields)) return
    for (const [key, sub] of Object.entries(fields)) {
      const element = parseFieldsKey(key)
      if (element === undefined) continue
      const liveChild = findChild(liveNode, element)
      if (liveChild === undefined) continue
      const childPath = [...path, liveChild.segment]
      if (isServerManagedPath(childPath)) continue
      const desiredChild =
        desiredNode === undefined ? undefined : findChild(desiredNode, element)?.value
      if (desiredChild === undefined && isOwnedNode(sub)) {
        found.push(toPointer(childPath))
        continue
      }
      walk(sub, liveChild.value, desiredChild, childPath)
    }
  }
  walk(fieldsV1, live, desired, [])
  return found
}
