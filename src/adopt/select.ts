// Which resources and fields adopt takes: `--only Kind/namespace/name` (or
// `Kind/name` for a cluster-scoped object; `Kind.group` to tell groups apart),
// `--field <JSON Pointer>` (the field and everything under it).
import { isAtOrUnder } from '../drift/pointer.ts'
import type { FieldChange, ResourceKey } from '../types.ts'
import { groupOf } from '../util/resource-identity.ts'

export interface ResourceSelector {
  kind: string
  namespace?: string
  name: string
}

/** Parses `Kind/namespace/name` or `Kind/name`; throws with the expected form. */
export function parseOnly(entry: string): ResourceSelector {
  const parts = entry.split('/')
  if (parts.some(part => part === '') || parts.length < 2 || parts.length > 3) {
    throw new Error(
      `--only "${entry}": expected Kind/namespace/name, or Kind/name for a cluster-scoped object`
    )
  }
  const [kind, a, b] = parts as [string, string, string | undefined]
  return b === undefined ? { kind, name: a } : { kind, namespace: a, name: b }
}

export function parseField(field: string): string {
  if (!field.startsWith('/')) {
    throw new Error(`--field "${field}": expected a JSON Pointer such as /spec/replicas`)
  }
  return field
}

export function isSelected(key: ResourceKey, only: readonly ResourceSelector[]): boolean {
  if (only.length === 0) return true
  return only.some(selector => {
    const kinds = [key.kind, `${key.kind}.${groupOf(key.apiVersion)}`].map(k => k.toLowerCase())
    return (
      kinds.includes(selector.kind.toLowerCase()) &&
      selector.name === key.name &&
      (selector.namespace ?? '') === (key.namespace ?? '')
    )
  })
}

export function selectedChanges(changes: readonly FieldChange[], fields: readonly string[]) {
  if (fields.length === 0) return [...changes]
  return changes.filter(change => fields.some(field => isAtOrUnder(change.path, field)))
}
