// Pairs up the items of two versions of the same list (live and desired, live and
// predicted), so that every comparison in drift/ treats lists the same way.

import { isPlainObject, type JsonMap } from './json.ts'
import { chooseListKey } from './list-keys.ts'

export interface ItemPair {
  /** The path segment of the pair: the left index, or the right one for right-only items. */
  segment: string
  left?: unknown
  right?: unknown
  leftIndex?: number
  rightIndex?: number
}

export type ListPairing =
  /** items matched by a key field; left items in left order, then right-only items. */
  | { kind: 'keyed'; key: string; pairs: ItemPair[] }
  /** lists of objects of the same length without a key: matched by position. */
  | { kind: 'index'; pairs: ItemPair[] }
  /** anything else (scalars, different lengths without a key): compared as a whole. */
  | { kind: 'atomic' }

export function pairLists(left: readonly unknown[], right: readonly unknown[]): ListPairing {
  const key = chooseListKey(left as unknown[], right as unknown[])
  if (key !== undefined) {
    const rightByIdentity = new Map<string, number>()
    right.forEach((item, index) => rightByIdentity.set(key.identity(item as JsonMap) ?? '', index))
    const pairs: ItemPair[] = []
    const matched = new Set<number>()
    left.forEach((item, leftIndex) => {
      const rightIndex = rightByIdentity.get(key.identity(item as JsonMap) ?? '')
      if (rightIndex === undefined) {
        pairs.push({ segment: `${leftIndex}`, left: item, leftIndex })
      } else {
        matched.add(rightIndex)
        pairs.push({
          segment: `${leftIndex}`,
          left: item,
          right: right[rightIndex],
          leftIndex,
          rightIndex
        })
      }
    })
    right.forEach((item, rightIndex) => {
      if (!matched.has(rightIndex))
        pairs.push({ segment: `${rightIndex}`, right: item, rightIndex })
    })
    return { kind: 'keyed', key: key.name, pairs }
  }
  const allObjects = [...left, ...right].every(isPlainObject)
  if (allObjects && left.length === right.length) {
    return {
      kind: 'index',
      pairs: left.map((item, index) => ({
        segment: `${index}`,
        left: item,
        right: right[index],
        leftIndex: index,
        rightIndex: index
      }))
    }
  }
  return { kind: 'atomic' }
}
