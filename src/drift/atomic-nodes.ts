// Nodes the server replaces whole when it applies: a selector, `tolerations`, any
// map or list the schema marks atomic. managedFields show them as owned leaves
// (`f:selector: {}`) with nothing owned inside. A local, key-wise merge would keep
// their live-only content and miss drift, so it must replace them whole too.
import type { KubeObject } from '../types.ts'
import { isPlainObject } from './json.ts'
import { ownedPointers } from './managed-fields.ts'
import { parsePointer, toPointer, valueAt } from './pointer.ts'

/** JSON Pointers (into `live`) of atomic nodes that hold maps, where a key-wise merge goes wrong. */
export function atomicNodes(live: KubeObject): Set<string> {
  const owned = new Set(
    (live.metadata.managedFields ?? []).flatMap(entry => ownedPointers(entry.fieldsV1, live))
  )
  // Every proper ancestor of an owned node has something owned inside it.
  const withOwnedInside = new Set<string>()
  for (const pointer of owned) {
    const segments = parsePointer(pointer)
    for (let depth = 0; depth < segments.length; depth++) {
      withOwnedInside.add(toPointer(segments.slice(0, depth)))
    }
  }
  const atomic = new Set<string>()
  for (const pointer of owned) {
    if (withOwnedInside.has(pointer)) continue
    if (holdsMaps(valueAt(live, parsePointer(pointer)))) atomic.add(pointer)
  }
  return atomic
}

/** A map, or a list with maps in it: what a key-wise merge can keep stale parts of. */
function holdsMaps(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(item => isPlainObject(item))
  return isPlainObject(value)
}
