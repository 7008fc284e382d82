// Reads the live counterpart of every desired object with as few requests as
// possible: one LIST per resource and namespace when several objects share
// them, a GET otherwise. kubectl diff sends one GET per object.
import type { ClusterClient } from '../cluster/client.ts'
import type { KubeObject } from '../types.ts'
import { mapWithConcurrency } from '../util/pool.ts'
import { isFatal } from './describe-error.ts'
import { placementKey } from './placement.ts'
import type { PlacedObject } from './placement.ts'

/** A LIST pays off from this many objects of one resource in one namespace. */
const LIST_THRESHOLD = 3

export type LiveRead = { live: KubeObject | null } | { error: Error }

export async function readLiveState(
  client: ClusterClient,
  placed: PlacedObject[],
  concurrency: number
): Promise<Map<string, LiveRead>> {
  const result = new Map<string, LiveRead>()
  const groups = new Map<string, PlacedObject[]>()
  for (const p of placed) {
    const groupKey = `${p.resource.group}/${p.resource.resource}/${p.namespace ?? ''}`
    const group = groups.get(groupKey) ?? []
    group.push(p)
    groups.set(groupKey, group)
  }
  const singles: PlacedObject[] = []
  const lists = [...groups.values()].filter(group => {
    if (group.length >= LIST_THRESHOLD) return true
    singles.push(...group)
    return false
  })

  await mapWithConcurrency(lists, concurrency, async group => {
    const first = group[0] as PlacedObject
    try {
      const items = await client.list(first.resource, { namespace: first.namespace })
      const byName = new Map(items.map(item => [item.metadata.name, item]))
      for (const p of group) {
        const live = byName.get(p.name)
        // Only a NotFound Status says an object is missing: one a LIST leaves out
        // (a stale or altered answer) is read by its own GET, which says so or not.
        if (live) result.set(placementKey(p.resource, p.namespace, p.name), { live })
        else singles.push(p)
      }
    } catch (error) {
      if (isFatal(error)) throw error
      // An identity may get objects it may not list, a bad LIST answer may be a passing fault:
      // read them one by one, each GET then answers for its own object.
      singles.push(...group)
    }
  })
  await mapWithConcurrency(singles, concurrency, async p => {
    const key = placementKey(p.resource, p.namespace, p.name)
    try {
      result.set(key, { live: await client.get(p.resource, p.namespace, p.name) })
    } catch (error) {
      result.set(key, { error: error as Error })
    }
  })
  return result
}
