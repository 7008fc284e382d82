// The local prediction of "live after applying desired", used when no server
// dry-run is available: desired fields win, everything else live has (server
// defaults, fields other managers own) is kept.

import { atomicNodes } from './atomic-nodes.ts'
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
  const state: MergeState = { guesses: [], atomic: atomicNodes(live) }
  const merged = mergeValue(live, desired, [], state) as KubeObject
  return { merged, guessedPaths: state.guesses }
}

interface MergeState {
  /** paths where items were paired by position and live-only fields kept: a guess. */
  guesses: string[]
  /** nodes the server replaces whole (see atomic-nodes.ts). */
  atomic: ReadonlySet<string>
}

function mergeValue(
  live: unknown,
  desired: unknown,
  path: string[],
  state: MergeState,
  inAtomic = false
): unknown {
  if (desired === undefined || desired === null) return cloneJson(live)
  // The server replaces an atomic node whole; merging it key-wise would keep live-only
  // content and hide drift. But the server then defaults inside it, which a local
  // replace cannot do, so replace only where defaulting adds nothing: label selectors,
  // maps of strings, and lists whose length differs (a toleration added by hand).
  // Deeper inside an atomic node, where a struct of strings is common, only label
  // selectors and lists (an aggregated ClusterRole's selectors) are replaced.
  const atomic = inAtomic || state.atomic.has(toPointer(path))
  if (inAtomic ? replacedWholeInside(live, desired) : atomic && replacedWhole(live, desired)) {
    return cloneJson(desired)
  }
  if (isPlainObject(live) && isPlainObject(desired)) {
    const result: Record<string, unknown> = {}
    for (const key of new Set([...Object.keys(live), ...Object.keys(desired)])) {
      const value = mergeValue(live[key], desired[key], [...path, key], state, atomic)
      if (value !== undefined) result[key] = value
    }
    return result
  }
  if (Array.isArray(live) && Array.isArray(desired)) {
    return mergeLists(live, desired, path, state, atomic)
  }
  return cloneJson(desired)
}

function mergeLists(
  live: unknown[],
  desired: unknown[],
  path: string[],
  state: MergeState,
  atomic: boolean
) {
  const guesses = state.guesses
  const pairing = pairLists(live, desired)
  if (pairing.kind === 'atomic') return cloneJson(desired)
  // Replacing an atomic list drops the live items Git does not have: the server never
  // adds items by default, so an unpaired live item (a toleration swapped by a merge
  // patch) is someone's edit, gone once Git is applied.
  const pairs = atomic ? pairing.pairs.filter(pair => pair.right !== undefined) : pairing.pairs
  const merged = pairs.map(pair =>
    mergeValue(pair.left, pair.right, [...path, pair.segment], state, atomic)
  )
  if (pairing.kind === 'index') {
    const keptLiveFields = merged.some(
      (item, index) => !valuesEqual(pruneEmpty(item), pruneEmpty(desired[index]))
    )
    if (keptLiveFields) guesses.push(toPointer(path))
  }
  return merged
}

function replacedWhole(live: unknown, desired: unknown): boolean {
  if (Array.isArray(live) && Array.isArray(desired)) return live.length !== desired.length
  const plain = (value: unknown) => isStringMap(value) || isLabelSelector(value)
  return plain(live) && plain(desired)
}

function replacedWholeInside(live: unknown, desired: unknown): boolean {
  if (Array.isArray(live) && Array.isArray(desired)) return live.length !== desired.length
  return isLabelSelector(live) && isLabelSelector(desired)
}

/** {matchLabels, matchExpressions}: the API server defaults nothing inside it. */
function isLabelSelector(value: unknown): boolean {
  if (!isPlainObject(value)) return false
  const keys = Object.keys(value)
  return (
    keys.length > 0 &&
    keys.every(key => key === 'matchLabels' || key === 'matchExpressions') &&
    (value.matchLabels === undefined || isStringMap(value.matchLabels))
  )
}

function isStringMap(value: unknown): boolean {
  return isPlainObject(value) && Object.values(value).every(item => typeof item === 'string')
}
