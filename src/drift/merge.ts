// The local prediction of "live after applying desired", used when no server
// dry-run is available: desired fields win, everything else live has (server
// defaults, fields other managers own) is kept.

import type { KubeObject } from '../types.ts'
import { cloneJson, isPlainObject } from './json.ts'
import { pairLists } from './pairing.ts'
import { toPointer } from './pointer.ts'
import { pruneEmpty } from './normalize.ts'
import { valuesEqual } from './values.ts'

export interface MergeOutcome {
  merged: KubeObject
  /**
   * Lists merged by position because their items have no key, where live items kept
   * fields desired does not have. The server may see those lists differently (an
   * atomic list would be replaced), so a comparison relying on them is a guess.
   */
  guessedPaths: string[]
}

export function mergeDesiredOntoLive(live: KubeObject, desired: KubeObject): KubeObject {
  return mergeWithGuesses(live, desired).merged
}

export function mergeWithGuesses(live: KubeObject, desired: KubeObject): MergeOutcome {
  const guessedPaths: string[] = []
  const merged = mergeValue(live, desired, [], guessedPaths) as KubeObject
  return { merged, guessedPaths }
}

function mergeValue(live: unknown, desired: unknown, path: string[], guesses: string[]): unknown {
  if (desired === undefined || desired === null) return cloneJson(live)
  if (isPlainObject(live) && isPlainObject(desired)) {
    const result: Record<string, unknown> = {}
    for (const key of new Set([...Object.keys(live), ...Object.keys(desired)])) {
      const value = mergeValue(live[key], desired[key], [...path, key], guesses)
      if (value !== undefined) result[key] = value
    }
    return result
  }
  if (Array.isArray(live) && Array.isArray(desired)) return mergeLists(live, desired, path, guesses)
  return cloneJson(desired)
}

function mergeLists(live: unknown[], desired: unknown[], path: string[], guesses: string[]) {
  const pairing = pairLists(live, desired)
  if (pairing.kind === 'atomic') return cloneJson(desired)
  const merged = pairing.pairs.map(pair =>
    mergeValue(pair.left, pair.right, [...path, pair.segment], guesses)
  )
  if (pairing.kind === 'index') {
    const keptLiveFields = merged.some(
      (item, index) => !valuesEqual(pruneEmpty(item), pruneEmpty(desired[index]))
    )
    if (keptLiveFields) guesses.push(toPointer(path))
  }
  return merged
}
