// Git's value as the API server would store it, for the two things the local
// comparison cannot see without the schema: the server drops zeros of plain
// built-in fields (`hostNetwork: false`), and it fills in the defaults of an
// atomic node it replaced whole (`fieldRef.apiVersion: v1`).

import { cloneJson, isPlainObject, type JsonMap } from './json.ts'
import {
  type KindSchema,
  type ResolvedNode,
  childSchema,
  defaultsOf,
  isDroppedValue
} from './schema.ts'

/** An object's fields without those whose value the server stores as nothing. */
export function withoutDroppedValue(value: JsonMap, node: ResolvedNode): JsonMap {
  const kept: JsonMap = {}
  for (const [key, child] of Object.entries(value)) {
    if (!isDroppedValue(node, key, child)) kept[key] = child
  }
  return kept
}

/**
 * What the server stores when it replaces a node with `value`: dropped zeros
 * removed, then each absent field with a default given it, all the way down.
 * Only fields the schema (or the built-in facts) name get anything.
 */
export function asServerStores(value: unknown, schema: KindSchema, node: ResolvedNode): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      const itemNode = childSchema(schema, node, `${index}`)
      return itemNode ? asServerStores(item, schema, itemNode) : cloneJson(item)
    })
  }
  if (!isPlainObject(value)) return cloneJson(value)
  const stored: JsonMap = {}
  for (const [key, child] of Object.entries(withoutDroppedValue(value, node))) {
    if (child === null || child === undefined) continue
    const childNode = childSchema(schema, node, key)
    stored[key] = childNode ? asServerStores(child, schema, childNode) : cloneJson(child)
  }
  for (const [key, fallback] of defaultsOf(schema, node)) {
    if (stored[key] === undefined) stored[key] = cloneJson(fallback)
  }
  return stored
}
