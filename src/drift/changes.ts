// Structural diff of two normalized objects (live and predicted): every field whose
// value differs or that exists on one side only. Values equal under values.ts
// never count.

import { isPlainObject } from './json.ts'
import { pruneEmpty } from './normalize.ts'
import { removePaths } from './remove-paths.ts'
import { pairLists } from './pairing.ts'
import { childPointer, isAtOrUnder, parsePointer } from './pointer.ts'
import { valuesEqual, scalarsEqual } from './values.ts'

export interface StructuralChange {
  /** JSON Pointer with live list indices (predicted indices for items only predicted). */
  path: string
  /** undefined when the field is absent live. */
  live?: unknown
  /** the predicted value; undefined when applying would leave the field absent. */
  desired?: unknown
}

/**
 * Differences between `live` and `predicted`. `skip` lists live paths already
 * reported another way (out of band, removed from Git): they are left out, also
 * from a one-sided subtree that contains them.
 */
export function diffObjects(
  live: unknown,
  predicted: unknown,
  skip: readonly string[] = []
): StructuralChange[] {
  const changes: StructuralChange[] = []
  walk(live, predicted, [], '', new Set(skip), changes)
  return changes
}

function walk(
  live: unknown,
  predicted: unknown,
  path: string[],
  pointer: string,
  skip: ReadonlySet<string>,
  out: StructuralChange[]
): void {
  // The same value holds no change.
  if (live === predicted) return
  // Paths in `skip` are live paths: only a node that exists live can be one.
  if (live !== undefined && skip.has(pointer)) return
  if (live === undefined && predicted === undefined) return
  // Labels and annotations are read key by key (catalogue B5: "that key"): a map
  // missing on one side is an empty map, so its only key is still named, and an
  // ignore rule on the key's path can silence it.
  if (isKeyedMetadataMap(path) && (isPlainObject(live) || isPlainObject(predicted))) {
    const liveMap = live === undefined ? {} : live
    const predictedMap = predicted === undefined ? {} : predicted
    if (
      isPlainObject(liveMap) &&
      isPlainObject(predictedMap) &&
      (live === undefined) !== (predicted === undefined)
    ) {
      walk(liveMap, predictedMap, path, pointer, skip, out)
      return
    }
  }
  if (live === undefined) {
    out.push({ path: pointer, desired: predicted })
    return
  }
  if (predicted === undefined) {
    const remaining = withoutSkipped(live, pointer, skip)
    if (remaining !== undefined) out.push({ path: pointer, live: remaining })
    return
  }
  if (isPlainObject(live) && isPlainObject(predicted)) {
    const keys = Object.keys(live)
    for (const key in predicted) if (!Object.hasOwn(live, key)) keys.push(key)
    keys.sort()
    // One path stack for the whole walk: pushed and popped, never copied.
    for (const key of keys) {
      path.push(key)
      walk(live[key], predicted[key], path, childPointer(pointer, key), skip, out)
      path.pop()
    }
    return
  }
  if (Array.isArray(live) && Array.isArray(predicted)) {
    const pairing = pairLists(live, predicted)
    if (pairing.kind === 'atomic') {
      if (!valuesEqual(live, predicted, path)) out.push({ path: pointer, live, desired: predicted })
      return
    }
    for (const pair of pairing.pairs) {
      path.push(pair.segment)
      walk(pair.left, pair.right, path, childPointer(pointer, pair.segment), skip, out)
      path.pop()
    }
    return
  }
  const bothScalars =
    !Array.isArray(live) &&
    !Array.isArray(predicted) &&
    !isPlainObject(live) &&
    !isPlainObject(predicted)
  if (!bothScalars || !scalarsEqual(live, predicted, path)) {
    out.push({ path: pointer, live, desired: predicted })
  }
}

/** `…/metadata/labels` or `…/metadata/annotations`, at any depth (pod templates too). */
function isKeyedMetadataMap(path: readonly string[]): boolean {
  const last = path[path.length - 1]
  return path[path.length - 2] === 'metadata' && (last === 'labels' || last === 'annotations')
}

/** A live-only subtree minus the skipped paths inside it (undefined when nothing is left). */
function withoutSkipped(value: unknown, pointer: string, skip: ReadonlySet<string>): unknown {
  const inside = [...skip].filter(path => path !== pointer && isAtOrUnder(path, pointer))
  if (inside.length === 0) return value
  const base = parsePointer(pointer).length
  return pruneEmpty(
    removePaths(
      value,
      inside.map(path => parsePointer(path).slice(base))
    )
  )
}
