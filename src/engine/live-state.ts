// Reads the live counterpart of every desired object with as few requests as
// possible: one LIST per resource and namespace when several objects share
// them, a GET otherwise. kubectl diff sends one GET per object.
import { isFatal } from '../cluster/errors.ts'
import type { KubeObject } from '../types.ts'
import { mapWithConcurrency } from '../util/pool.ts'
import { collectionId } from '../util/resource-identity.ts'
import type { DetectCluster } from './cluster-port.ts'
import type { PlacedObject } from './placement.ts'

/** A LIST pays off from this many objects of one resource in one namespace. */
const LIST_THRESHOLD = 3

export type LiveRead = { live: KubeObject | null } | { error: Error }

/** Each placed object's read, keyed by the placed object itself. */
export async function readLiveState(
  cluster: Pick<DetectCluster, 'get' | 'list'>,
  placed: readonly PlacedObject[],
  concurrency: number
): Promise<Map<PlacedObject, LiveRead>> {
  const result = new Map<PlacedObject, LiveRead>()
  const groups = new Map<string, PlacedObject[]>()
  for (const p of placed) {
    const id = collectionId(p.resource.group, p.resource.resource, p.namespace)
    const group = groups.get(id) ?? []
    group.push(p)
    groups.set(id, group)
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
      const items = await cluster.list(first.resource, { namespace: first.namespace })
      const byName = new Map(items.map(item => [item.metadata.name, item]))
      for (const p of group) {
        const live = byName.get(p.name)
        // Only a NotFound Status says an object is missing: one a LIST leaves out
        // (a stale or altered answer) is read by its own GET, which says so or not.
        if (live) result.set(p, { live })
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
    try {
      result.set(p, { live: await cluster.get(p.resource, p.namespace, p.name) })
    } catch (error) {
      result.set(p, { error: error as Error })
    }
  })
  return result
}
