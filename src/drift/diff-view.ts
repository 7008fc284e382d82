// The "desired" side of the diff text: the predicted object, adjusted so the text
// tells the same story as the reported changes. Fields reported as out of band or
// removed from Git are left out (Git does not have them: they show as '-' lines),
// and ignored changes show the live value (so they produce no lines at all). Values
// equal under values.ts show in their live spelling (`500m`, not `0.5`), since they
// are no change.

import { isPlainObject } from './json.ts'
import { pruneEmpty } from './normalize.ts'
import { pairLists } from './pairing.ts'
import { toPointer } from './pointer.ts'
import { scalarsEqual, valuesEqual } from './values.ts'

export interface DiffViewOptions {
  /** live paths of reported out-of-band / removed-from-git changes. */
  leftOut: ReadonlySet<string>
  /** paths of ignored changes whose field exists live. */
  ignoredLive: ReadonlySet<string>
  /** paths of ignored changes whose field exists only on the predicted side. */
  ignoredPredictedOnly: ReadonlySet<string>
}

/**
 * Walks live and predicted the way changes.ts does (same list pairing, same paths),
 * so the paths of the changes address the same nodes here.
 */
export function desiredSideForDiff(live: unknown, predicted: unknown, options: DiffViewOptions) {
  return pruneEmpty(view(live, predicted, [], options))
}

function view(
  live: unknown,
  predicted: unknown,
  path: string[],
  options: DiffViewOptions
): unknown {
  const pointer = toPointer(path)
  if (live === undefined) {
    return options.ignoredPredictedOnly.has(pointer) ? undefined : predicted
  }
  if (options.leftOut.has(pointer)) return undefined
  if (options.ignoredLive.has(pointer)) return live
  if (predicted === undefined) return undefined
  if (isPlainObject(live) && isPlainObject(predicted)) {
    const result: Record<string, unknown> = {}
    for (const key of new Set([...Object.keys(live), ...Object.keys(predicted)])) {
      const value = view(live[key], predicted[key], [...path, key], options)
      if (value !== undefined) result[key] = value
    }
    return result
  }
  if (Array.isArray(live) && Array.isArray(predicted)) {
    const pairing = pairLists(live, predicted)
    if (pairing.kind === 'atomic') return valuesEqual(live, predicted, path) ? live : predicted
    return pairing.pairs
      .map(pair => view(pair.left, pair.right, [...path, pair.segment], options))
      .filter(item => item !== undefined)
  }
  return scalarsEqual(live, predicted, path) ? live : predicted
}
