// Value equality as the API server sees it: quantities by value where the schema
// holds a quantity, int-or-string numbers equal to their decimal spelling, and
// otherwise plain deep equality (key order never matters).

import { isPlainObject } from './json.ts'
import { quantitiesEqual } from './quantity.ts'

/** Maps whose values are quantities: container resources, quotas, limit ranges, capacities. */
const QUANTITY_MAPS = new Set([
  'requests',
  'limits',
  'hard',
  'capacity',
  'allocatable',
  'overhead',
  'default',
  'defaultRequest',
  'max',
  'min',
  'maxLimitRequestRatio'
])

/** Fields that hold a single quantity. */
const QUANTITY_FIELDS = new Set(['sizeLimit', 'averageValue'])

/**
 * Whether a path holds a Kubernetes quantity. Quantities are compared by value only
 * there: elsewhere (a ConfigMap value, an env var) `1Gi` and `1024Mi` are different text.
 */
export function isQuantityPath(path: readonly string[]): boolean {
  const field = path.at(-1)
  const parent = path.at(-2)
  if (field === undefined) return false
  if (parent !== undefined && QUANTITY_MAPS.has(parent)) return true
  if (QUANTITY_FIELDS.has(field)) return true
  // HPA metric targets: target.value / target.averageValue.
  return field === 'value' && parent === 'target'
}

/** Equality of two non-container values found at `path`. */
export function scalarsEqual(a: unknown, b: unknown, path: readonly string[] = []): boolean {
  if (a === b) return true
  const bothQuantityLike =
    (typeof a === 'string' || typeof a === 'number') &&
    (typeof b === 'string' || typeof b === 'number')
  if (!bothQuantityLike) return false
  if (isQuantityPath(path)) return quantitiesEqual(a, b)
  // int-or-string: 80 and "80" are the same port; "080" is not.
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b
  if (typeof a === 'string' && typeof b === 'number') return a === String(b)
  return false
}

/** Deep equality with scalarsEqual at the leaves. Lists compare in order. */
export function valuesEqual(a: unknown, b: unknown, path: readonly string[] = []): boolean {
  return equalAt(a, b, [...path])
}

/** valuesEqual on one path stack, pushed and popped instead of copied per node. */
function equalAt(a: unknown, b: unknown, path: string[]): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) {
      path.push(`${i}`)
      const equal = equalAt(a[i], b[i], path)
      path.pop()
      if (!equal) return false
    }
    return true
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key in a) {
      path.push(key)
      const equal = equalAt(a[key], b[key], path)
      path.pop()
      if (!equal) return false
    }
    // A key only b has is equal only when its value is undefined (as absent).
    for (const key in b) {
      if (!Object.hasOwn(a, key) && b[key] !== undefined) return false
    }
    return true
  }
  if (Array.isArray(a) || Array.isArray(b) || isPlainObject(a) || isPlainObject(b)) return false
  return scalarsEqual(a, b, path)
}
