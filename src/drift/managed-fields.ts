// metadata.managedFields: which field manager owns which field. fieldsV1 is a tree
// whose keys name path elements: `f:<field>`, `k:<json>` (an associative list item
// by its key fields), `v:<json>` (a set item), `i:<n>` (a list index), and `.`
// (the node itself). A node is owned when it is a leaf `{}` or holds `.`.

import type { KubeObject, ManagedFieldsEntry } from '../types.ts'
import { isPlainObject, type JsonMap } from './json.ts'
import { childPointer, isAtOrUnder } from './pointer.ts'
import { valuesEqual } from './values.ts'

export type FieldsPathElement =
  | { type: 'field'; name: string }
  | { type: 'key'; fields: JsonMap }
  | { type: 'value'; value: unknown }
  | { type: 'index'; index: number }

/**
 * Parsed keys, shared: the same few keys (`k:{"name":"app"}`) recur in every object
 * of a run. Elements are never mutated; the cache is emptied when it grows large.
 */
const parsedKeys = new Map<string, FieldsPathElement | undefined>()

/** The element a fieldsV1 key names; undefined for `.` and for anything unknown. */
export function parseFieldsKey(key: string): FieldsPathElement | undefined {
  if (parsedKeys.has(key)) return parsedKeys.get(key)
  if (parsedKeys.size >= 10_000) parsedKeys.clear()
  const element = parseKey(key)
  parsedKeys.set(key, element)
  return element
}

function parseKey(key: string): FieldsPathElement | undefined {
  const kind = key.slice(0, 2)
  const rest = key.slice(2)
  try {
    if (kind === 'f:') return { type: 'field', name: rest }
    if (kind === 'k:') {
      const fields: unknown = JSON.parse(rest)
      return isPlainObject(fields) ? { type: 'key', fields } : undefined
    }
    if (kind === 'v:') return { type: 'value', value: JSON.parse(rest) }
    if (kind === 'i:' && /^\d+$/.test(rest)) return { type: 'index', index: Number(rest) }
  } catch {
    // A key we cannot read owns nothing we can point at.
  }
  return undefined
}

/** The API server defaults a port's protocol; Git and old fieldsV1 may leave it out. */
const KEY_FIELD_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' }

/** The child of `node` an element names, with its path segment, or undefined if absent. */
export function findChild(
  node: unknown,
  element: FieldsPathElement
): { segment: string; value: unknown } | undefined {
  if (element.type === 'field') {
    if (!isPlainObject(node) || node[element.name] === undefined) return undefined
    return { segment: element.name, value: node[element.name] }
  }
  if (!Array.isArray(node)) return undefined
  const index = node.findIndex((item, i) => {
    if (element.type === 'index') return i === element.index
    if (element.type === 'value') return valuesEqual(item, element.value)
    return isPlainObject(item) && matchesKeyFields(item, element.fields)
  })
  return index === -1 ? undefined : { segment: `${index}`, value: node[index] }
}

function matchesKeyFields(item: JsonMap, fields: JsonMap): boolean {
  return Object.entries(fields).every(([name, wanted]) =>
    valuesEqual(item[name] ?? KEY_FIELD_DEFAULTS[name], wanted)
  )
}

/** A fieldsV1 node is owned when it is a leaf or marks the node itself with `.`. */
export function isOwnedNode(fields: unknown): boolean {
  if (!isPlainObject(fields)) return false
  return Object.keys(fields).length === 0 || Object.hasOwn(fields, '.')
}

/**
 * An owned node. `whole` when a list or map with content is owned as a leaf `{}`
 * (nothing inside it itemised): the way managedFields show an atomic node. An empty
 * `{}` owned as a leaf may just as well be a struct someone set empty, so it is not.
 */
export interface OwnedNode {
  pointer: string
  whole: boolean
  /** the node's value in the object walked. */
  value: unknown
}

/** Every owned node of `fieldsV1` that exists in `object`. */
export function ownedNodes(fieldsV1: unknown, object: unknown): OwnedNode[] {
  const nodes: OwnedNode[] = []
  const walk = (fields: unknown, node: unknown, pointer: string) => {
    if (!isPlainObject(fields)) return
    for (const key in fields) {
      const sub = fields[key]
      const element = parseFieldsKey(key)
      if (element === undefined) continue
      const child = findChild(node, element)
      if (child === undefined) continue
      const childAt = childPointer(pointer, child.segment)
      if (isOwnedNode(sub)) {
        const leaf = isPlainObject(sub) && Object.keys(sub).length === 0
        nodes.push({ pointer: childAt, whole: leaf && hasContent(child.value), value: child.value })
      }
      walk(sub, child.value, childAt)
    }
  }
  walk(fieldsV1, object, '')
  return nodes
}

function hasContent(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0
  return isPlainObject(value) && Object.keys(value).length > 0
}

/** Every owned node of `fieldsV1` that exists in `object`, as JSON Pointers. */
export function ownedPointers(fieldsV1: unknown, object: unknown): string[] {
  return ownedNodes(fieldsV1, object).map(node => node.pointer)
}

/** One managedFields entry with the pointers it owns in the live object. */
export interface Ownership {
  entry: ManagedFieldsEntry
  pointers: ReadonlySet<string>
  /**
   * The pointers owned as a whole (see OwnedNode): atomic lists and maps. Whoever
   * owns such a node last wrote all of it, including what is no longer there.
   */
  wholes: ReadonlySet<string>
  /** each owned pointer's value in the live object. */
  values: ReadonlyMap<string, unknown>
}

/** Resolves every managedFields entry of `live` once, for repeated owner lookups. */
export function ownershipOf(live: KubeObject): Ownership[] {
  return (live.metadata.managedFields ?? []).map(entry => {
    const nodes = ownedNodes(entry.fieldsV1, live)
    return {
      entry,
      pointers: new Set(nodes.map(node => node.pointer)),
      wholes: new Set(nodes.filter(node => node.whole).map(node => node.pointer)),
      values: new Map(nodes.map(node => [node.pointer, node.value]))
    }
  })
}

/**
 * The entries that own `pointer`; failing that, those owning something inside it (a
 * change to a subtree belongs to whoever set its content); failing that, those
 * owning its nearest owned ancestor (an atomic list or map owned as a whole).
 */
export function ownersAt(ownership: readonly Ownership[], pointer: string): ManagedFieldsEntry[] {
  const exact = ownership.filter(owner => owner.pointers.has(pointer))
  if (exact.length > 0) return exact.map(owner => owner.entry)
  const inside = ownership.filter(owner =>
    [...owner.pointers].some(owned => owned !== pointer && isAtOrUnder(owned, pointer))
  )
  if (inside.length > 0) return inside.map(owner => owner.entry)
  let nearest: string | undefined
  for (const owner of ownership) {
    for (const owned of owner.pointers) {
      if (owned !== pointer && isAtOrUnder(pointer, owned)) {
        if (nearest === undefined || owned.length > nearest.length) nearest = owned
      }
    }
  }
  if (nearest === undefined) return []
  const ancestor = nearest
  return ownership.filter(owner => owner.pointers.has(ancestor)).map(owner => owner.entry)
}

/**
 * The entries owning, as a whole, the nearest proper ancestor of `pointer` that is
 * owned that way (see Ownership.wholes). A field absent live that Git has, inside an
 * atomic list or map someone replaced (tolerations by a merge patch), was removed by
 * that replacement: its writer is the one to name. Nodes owned through `.` (a map
 * or list item created by someone, its content itemised) do not count: creating a
 * map says nothing about who removed a key from it.
 */
export function wholeOwnersAbove(
  ownership: readonly Ownership[],
  pointer: string
): ManagedFieldsEntry[] {
  let nearest: string | undefined
  for (const owner of ownership) {
    for (const whole of owner.wholes) {
      if (whole === pointer || !isAtOrUnder(pointer, whole)) continue
      if (nearest === undefined || whole.length > nearest.length) nearest = whole
    }
  }
  if (nearest === undefined) return []
  const ancestor = nearest
  return ownership.filter(owner => owner.wholes.has(ancestor)).map(owner => owner.entry)
}

/** Convenience: the managedFields entries of `live` owning `pointer` (see ownersAt). */
export function ownersOf(live: KubeObject, pointer: string): ManagedFieldsEntry[] {
  return ownersAt(ownershipOf(live), pointer)
}

/** The entry with the most recent `time` (the last writer); entries without a time lose. */
export function mostRecent(entries: readonly ManagedFieldsEntry[]): ManagedFieldsEntry | undefined {
  let best: ManagedFieldsEntry | undefined
  let bestTime = -Infinity
  for (const entry of entries) {
    const time = entry.time === undefined ? Number.NEGATIVE_INFINITY : Date.parse(entry.time)
    const comparable = Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time
    if (best === undefined || comparable > bestTime) {
      best = entry
      bestTime = comparable
    }
  }
  return best
}
