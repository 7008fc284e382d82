// Nodes the server replaces whole when it applies: a selector, `tolerations`, any
// map or list the schema marks atomic. managedFields show them as owned leaves
// (`f:selector: {}`) with nothing owned inside. A local, key-wise merge would keep
// their live-only content and miss drift, so it must replace them whole too.
import type { KubeObject } from '../types.ts'
import { isPlainObject } from './json.ts'
import { type Ownership, ownershipOf } from './managed-fields.ts'

/**
 * JSON Pointers (into `live`) of atomic nodes that hold maps, where a key-wise merge
 * goes wrong. `ownership` is ownershipOf(live), passed in when the caller has it.
 */
export function atomicNodes(
  live: KubeObject,
  ownership: readonly Ownership[] = ownershipOf(live)
): Set<string> {
  const owned = new Map<string, unknown>()
  for (const owner of ownership)
    for (const [pointer, value] of owner.values) owned.set(pointer, value)
  // Every proper ancestor of an owned node has something owned inside it. Segments are
  // escaped, so each '/' ends an ancestor; one already seen has all of its own.
  const withOwnedInside = new Set<string>()
  for (const pointer of owned.keys()) {
    for (let end = pointer.lastIndexOf('/'); end >= 0; end = pointer.lastIndexOf('/', end - 1)) {
      const ancestor = pointer.slice(0, end)
      if (withOwnedInside.has(ancestor)) break
      withOwnedInside.add(ancestor)
      if (end === 0) break
    }
  }
  const atomic = new Set<string>()
  for (const [pointer, value] of owned) {
    if (withOwnedInside.has(pointer)) continue
    if (holdsMaps(value)) atomic.add(pointer)
  }
  return atomic
}

/** A map, or a list with maps in it: what a key-wise merge can keep stale parts of. */
function holdsMaps(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(item => isPlainObject(item))
  return isPlainObject(value)
}
