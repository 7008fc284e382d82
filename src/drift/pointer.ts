// JSON Pointers (RFC 6901): the paths used in every FieldChange and ignore rule.

import { isPlainObject } from './json.ts'

// Pointers are built for every node the comparison visits: most segments need no
// escaping, so that case returns at once.
export function escapeSegment(segment: string): string {
  if (!segment.includes('~') && !segment.includes('/')) return segment
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

export function unescapeSegment(segment: string): string {
  if (!segment.includes('~')) return segment
  // Order matters: '~01' must become '~1', not '/'.
  return segment.replaceAll('~1', '/').replaceAll('~0', '~')
}

export function toPointer(segments: readonly string[]): string {
  let pointer = ''
  for (const segment of segments) pointer += `/${escapeSegment(segment)}`
  return pointer
}

/** The pointer of a child: `pointer` plus one segment. */
export function childPointer(pointer: string, segment: string): string {
  return `${pointer}/${escapeSegment(segment)}`
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer.slice(1).split('/').map(unescapeSegment)
}

/** true when `pointer` is `ancestor` itself or lies inside it. */
export function isAtOrUnder(pointer: string, ancestor: string): boolean {
  return ancestor === '' || pointer === ancestor || pointer.startsWith(`${ancestor}/`)
}

/** The value at a path, or undefined when any step is missing. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node = root
  for (const segment of segments) {
    if (Array.isArray(node)) {
      node = /^\d+$/.test(segment) ? node[Number(segment)] : undefined
    } else if (isPlainObject(node)) {
      node = Object.hasOwn(node, segment) ? node[segment] : undefined
    } else {
      return undefined
    }
  }
  return node
}

/** Orders pointers segment by segment, list indices numerically (so /2 sorts before /10). */
export function comparePointers(a: string, b: string): number {
  const left = parsePointer(a)
  const right = parsePointer(b)
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] as string
    const y = right[i] as string
    if (x === y) continue
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y)
    return x < y ? -1 : 1
  }
  return left.length - right.length
}
