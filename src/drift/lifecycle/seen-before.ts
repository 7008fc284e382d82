// Part 1's suggested ignore rules offer only drift that repeats: a controller
// or webhook change that an earlier run saw too. The history says which: a
// field in the state the last run left (any target: the same resource and
// pointer). A rebuilt history knows nothing, so nothing is seen before in it.
import type { SeenBefore } from './suggestions.ts'
import type { DriftState } from './state.ts'
import { resourceId } from '../../util/resource-identity.ts'

export function seenBeforeIn(previous: DriftState): SeenBefore {
  const seen = new Set(
    [...previous.entries.values()].map(entry =>
      JSON.stringify([resourceId(entry.resource), entry.path])
    )
  )
  return (change, resource) => seen.has(JSON.stringify([resourceId(resource), change.path]))
}
