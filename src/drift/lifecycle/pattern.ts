// Where a severity rule looks: JSON Pointer patterns where `*` matches one segment
// and `**` any number of them (`**/securityContext/privileged` in any pod spec:
// a Pod's, a Deployment's template, a CronJob's job template). A change can sit at
// the pattern, under it (one verb of a rule), or above it (a whole container added):
// then the pattern's node is looked up inside the change's values.
import type { FieldChange } from '../../types.ts'
import { isPlainObject } from '../json.ts'
import { parsePointer } from '../pointer.ts'

/** The live and Git values at one place a pattern names. */
export interface PatternNode {
  live: unknown
  desired: unknown
  /** the change's path segments below the node (empty when the change is at or above it). */
  rest: string[]
}

export function parsePattern(pattern: string): string[] {
  return pattern === '**'
    ? ['**']
    : parsePointer(pattern.startsWith('**') ? `/${pattern}` : pattern)
}

/** The nodes of `pattern` that `change` touches; empty when it touches none. */
export function nodesOf(change: FieldChange, pattern: string): PatternNode[] {
  const wanted = parsePattern(pattern)
  const path = parsePointer(change.path)
  const found = match(wanted, 0, path, 0)
  if (found === undefined) return []
  if (found.kind === 'under') {
    return [{ live: change.live, desired: change.desired, rest: path.slice(found.at) }]
  }
  const below = wanted.slice(found.at)
  const places = new Set([...placesIn(change.live, below), ...placesIn(change.desired, below)])
  return [...places].map(place => {
    const segments = place === '' ? [] : place.split('\u0000')
    return {
      live: lookup(change.live, segments),
      desired: lookup(change.desired, segments),
      rest: []
    }
  })
}

type Match = { kind: 'under'; at: number } | { kind: 'above'; at: number }

/** Matches pattern[p…] against path[s…]: the change is under a node, or above one. */
function match(pattern: string[], p: number, path: string[], s: number): Match | undefined {
  if (p === pattern.length) return { kind: 'under', at: s }
  if (s === path.length) return { kind: 'above', at: p }
  const segment = pattern[p]
  if (segment === '**') return match(pattern, p + 1, path, s) ?? match(pattern, p, path, s + 1)
  if (segment === '*' || segment === path[s]) return match(pattern, p + 1, path, s + 1)
  return undefined
}

/** The concrete places (segments joined by NUL) inside `value` that `pattern` names. */
function placesIn(value: unknown, pattern: string[], prefix: string[] = []): string[] {
  if (pattern.length === 0) return value === undefined ? [] : [prefix.join('\u0000')]
  const [segment, ...rest] = pattern
  const children = childrenOf(value)
  if (segment === '**') {
    return [
      ...placesIn(value, rest, prefix),
      ...children.flatMap(([key, child]) => placesIn(child, pattern, [...prefix, key]))
    ]
  }
  return children
    .filter(([key]) => segment === '*' || key === segment)
    .flatMap(([key, child]) => placesIn(child, rest, [...prefix, key]))
}

function childrenOf(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((child, i) => [String(i), child])
  if (isPlainObject(value)) return Object.entries(value)
  return []
}

function lookup(value: unknown, segments: string[]): unknown {
  let node = value
  for (const segment of segments) {
    const child = childrenOf(node).find(([key]) => key === segment)
    if (child === undefined) return undefined
    node = child[1]
  }
  return node
}
