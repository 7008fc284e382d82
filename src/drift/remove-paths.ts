// Removing several paths from one value without one removal shifting the next.

import { cloneJson, isPlainObject } from './json.ts'

/** A copy of `value` without the given relative paths (list items removed last to first). */
export function removePaths(value: unknown, paths: readonly string[][]): unknown {
  const copy = cloneJson(value)
  const ordered = [...paths].sort((a, b) => compareDescending(a, b))
  for (const path of ordered) {
    const parent = path.slice(0, -1).reduce<unknown>((node, segment) => child(node, segment), copy)
    const last = path.at(-1)
    if (last === undefined) continue
    if (Array.isArray(parent) && /^\d+$/.test(last)) parent.splice(Number(last), 1)
    else if (isPlainObject(parent)) delete parent[last]
  }
  return copy
}

function child(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) return node[Number(segment)]
  if (isPlainObject(node)) return node[segment]
  return undefined
}

/** Deeper paths and higher indices first, so removing one never shifts another. */
function compareDescending(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string
    const y = b[i] as string
    if (x === y) continue
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(y) - Number(x)
    return x < y ? 1 : -1
  }
  return b.length - a.length
}
