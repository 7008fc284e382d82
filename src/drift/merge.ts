// The local prediction of "live after applying desired", used when no server
// dry-run is available: desired fields win, everything else live has (server
// defaults, fields other managers own) is kept.

import { atomicNodes } from './atomic-nodes.ts'
import type { KubeObject } from '../types.ts'
import { isPlainObject } from './json.ts'
import { pairLists } from './pairing.ts'
import { childPointer } from './pointer.ts'
import { pruneEmpty } from './normalize.ts'
import { type KindSchema, type ResolvedNode, childSchema, mayBeServerFilled } from './schema.ts'
import { asServerStores, withoutDroppedValue } from './schema-normalize.ts'
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

/**
 * With the kind's schema (read from the server), the atomic nodes replaced whole
 * are completed as the server would store them, and zeros the server drops are
 * dropped; without it, the heuristics below are all there is.
 */
export function mergeDesiredOntoLive(
  live: KubeObject,
  desired: KubeObject,
  schema?: KindSchema
): KubeObject {
  return mergeWithGuesses(live, desired, schema).merged
}

/**
 * The result shares unchanged parts with `live` and `desired` (nothing is copied):
 * callers read it, never write to it. `atomic` is atomicNodes(live), when known.
 */
export function mergeWithGuesses(
  live: KubeObject,
  desired: KubeObject,
  schema?: KindSchema,
  atomic: ReadonlySet<string> = atomicNodes(live)
): MergeOutcome {
  const state: MergeState = { guesses: [], atomic, schema }
  const merged = mergeValue(live, desired, '', state, schema?.root) as KubeObject
  return { merged, guessedPaths: state.guesses }
}

interface MergeState {
  /** paths where items were paired by position and live-only fields kept: a guess. */
  guesses: string[]
  /** nodes the server replaces whole (see atomic-nodes.ts). */
  atomic: ReadonlySet<string>
  /** the kind's schema, when the server's OpenAPI could be read. */
  schema: KindSchema | undefined
}

function mergeValue(
  live: unknown,
  desired: unknown,
  pointer: string,
  state: MergeState,
  node: ResolvedNode | undefined,
  inAtomic = false
): unknown {
  if (desired === undefined || desired === null) return live
  // The server replaces an atomic node whole; merging it key-wise would keep live-only
  // content and hide drift. But the server then defaults inside it, which a local
  // replace can do only with the schema, so replace only where defaulting adds nothing
  // without it: label selectors, maps of strings, and lists whose length differs (a
  // toleration added by hand); with the schema, completed with what the server fills
  // in (fieldRef.apiVersion: v1). Deeper inside an atomic node, where a struct of
  // strings is common, only label selectors and lists (an aggregated ClusterRole's
  // selectors) are replaced.
  const atomic = inAtomic || state.atomic.has(pointer)
  if (inAtomic ? replacedWholeInside(live, desired) : atomic && replacedWhole(live, desired)) {
    return state.schema && node ? asServerStores(desired, state.schema, node) : desired
  }
  if (isPlainObject(live) && isPlainObject(desired)) {
    const result: Record<string, unknown> = {}
    // A zero the server drops (hostNetwork: false) is stored as nothing at all.
    const given = state.schema && node ? withoutDroppedValue(desired, node) : desired
    for (const key of unionOfKeys(live, desired)) {
      if (given[key] === undefined && desired[key] !== undefined) continue
      // Inside an atomic node the server keeps no live-only field: it replaces the
      // node and fills in only its defaults. Without the schema every live-only field
      // is presumed such a default; with it, one the server cannot have filled in is
      // someone's edit and goes (see mayBeServerFilled for why that is sound).
      if (atomic && desired[key] === undefined && state.schema && node) {
        if (!mayBeServerFilled(state.schema, node, key)) continue
      }
      const child = state.schema && node ? childSchema(state.schema, node, key) : undefined
      const value = mergeValue(
        live[key],
        given[key],
        childPointer(pointer, key),
        state,
        child,
        atomic
      )
      if (value !== undefined) result[key] = value
    }
    return result
  }
  if (Array.isArray(live) && Array.isArray(desired)) {
    return mergeLists(live, desired, pointer, state, node, atomic)
  }
  return desired
}

function mergeLists(
  live: unknown[],
  desired: unknown[],
  pointer: string,
  state: MergeState,
  node: ResolvedNode | undefined,
  atomic: boolean
) {
  const guesses = state.guesses
  const pairing = pairLists(live, desired)
  if (pairing.kind === 'atomic') return desired
  // Replacing an atomic list drops the live items Git does not have: the server never
  // adds items by default, so an unpaired live item (a toleration swapped by a merge
  // patch) is someone's edit, gone once Git is applied.
  const pairs = atomic ? pairing.pairs.filter(pair => pair.right !== undefined) : pairing.pairs
  const merged = pairs.map(pair => {
    const item = state.schema && node ? childSchema(state.schema, node, pair.segment) : undefined
    return mergeValue(
      pair.left,
      pair.right,
      childPointer(pointer, pair.segment),
      state,
      item,
      atomic
    )
  })
  if (pairing.kind === 'index') {
    const keptLiveFields = merged.some(
      (item, index) => !valuesEqual(pruneEmpty(item), pruneEmpty(desired[index]))
    )
    if (keptLiveFields) guesses.push(pointer)
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

/** The keys of both maps, `a`'s first, each once. */
function unionOfKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = Object.keys(a)
  for (const key in b) if (!Object.hasOwn(a, key)) keys.push(key)
  return keys
}
