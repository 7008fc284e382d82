// The Extra search: objects carrying the target's tracking (its selector, or
// the deploying tool's labels) that Git does not have, except controllers'
// children. A search that could not run is an Error result (it counts in
// `errors`): "no extras" is said only where the search really ran.
import type { ApiResource } from '../cluster/discovery.ts'
import { KubeApiError, SelectorRejectedError, isFatal, isForbidden } from '../cluster/errors.ts'
import type { Tracking } from '../config/target.ts'
import { errorResult, extraResource, isControllerOwned } from '../drift/index.ts'
import type { KubeObject, ResourceResult } from '../types.ts'
import { mapWithConcurrency } from '../util/pool.ts'
import { collectionId, formatApiVersion, resourceId } from '../util/resource-identity.ts'
import type { DetectCluster } from './cluster-port.ts'
import { describeError } from './describe-error.ts'
import { placedKey } from './placement.ts'
import type { PlacedObject } from './placement.ts'

export interface ExtraSearch {
  /** Extra results, and Error results (`Kind *`) for searches that failed. */
  results: ResourceResult[]
  /** what the reader must know about where the search looked. */
  notes: string[]
}

export async function findExtras(
  cluster: DetectCluster,
  { selector, annotations }: Tracking,
  placed: readonly PlacedObject[],
  options: { concurrency: number; salt: string }
): Promise<ExtraSearch> {
  const wanted = new Set(placed.map(p => resourceId(placedKey(p.resource, p.namespace, p.name))))
  const resources = new Map<
    string,
    { resource: ApiResource; namespaces: Set<string | undefined> }
  >()
  for (const p of placed) {
    const id = collectionId(p.resource.group, p.resource.resource)
    const entry = resources.get(id) ?? { resource: p.resource, namespaces: new Set() }
    entry.namespaces.add(p.namespace)
    resources.set(id, entry)
  }
  const results: ResourceResult[] = []
  const notes: string[] = []
  const list = async (resource: ApiResource, namespace?: string): Promise<KubeObject[]> => {
    try {
      return await cluster.list(resource, { namespace, labelSelector: selector })
    } catch (error) {
      // A LIST's only variable is the selector: a 400 is the server rejecting it.
      if (error instanceof KubeApiError && error.status === 400) {
        throw new SelectorRejectedError(selector, error.request ?? 'LIST', error.message)
      }
      throw error
    }
  }
  const searchFailed = (resource: ApiResource, namespace: string | undefined, error: unknown) => {
    if (isFatal(error)) throw error
    results.push(searchErrorResult(resource, namespace, selector, describeError(error)))
  }
  await mapWithConcurrency(
    [...resources.values()],
    options.concurrency,
    async ({ resource, namespaces }) => {
      if (!resource.verbs.includes('list')) {
        // A property of the kind, not a failure: no one can list it.
        notes.push(
          `Extra objects were not searched for: the API server offers no list of ${resource.resource}.`
        )
        return
      }
      let items: KubeObject[]
      try {
        items = await list(resource)
      } catch (error) {
        if (!isForbidden(error) || !resource.namespaced)
          return searchFailed(resource, undefined, error)
        // No cluster-wide list: look in the namespaces the target deploys to, and say so.
        items = []
        for (const namespace of namespaces) {
          try {
            items.push(...(await list(resource, namespace)))
          } catch (inner) {
            searchFailed(resource, namespace, inner)
          }
        }
        notes.push(
          `Extra ${resource.kind} objects were searched for only in the target's namespaces (${[...namespaces].join(', ')}): ${describeError(error)}`
        )
      }
      for (const item of items) {
        const id = resourceId(
          placedKey(resource, item.metadata.namespace, item.metadata.name ?? '')
        )
        if (wanted.has(id) || isControllerOwned(item)) continue
        if (!hasAnnotations(item, annotations)) continue
        results.push(extraResource(item, options.salt))
      }
    }
  )
  return { results, notes: [...new Set(notes)] }
}

/** The tracking with its namespace annotation (helm's release namespace) set to where the target deploys. */
export function trackingIn(tracking: Tracking, namespace: string): Tracking {
  if (!tracking.namespaceAnnotation) return tracking
  return {
    ...tracking,
    annotations: { ...tracking.annotations, [tracking.namespaceAnnotation]: namespace }
  }
}

/** The Error standing for a search that did not run: named after the kind, `*` for "any name". */
function searchErrorResult(
  resource: ApiResource,
  namespace: string | undefined,
  selector: string,
  reason: string
): ResourceResult {
  const where = namespace ? ` in namespace ${namespace}` : ''
  return errorResult(
    { apiVersion: formatApiVersion(resource), kind: resource.kind, namespace, name: '*' },
    `the search for extra ${resource.kind} objects (selector ${selector})${where} failed, so objects in the cluster but not in Git may be missed: ${reason}`
  )
}

function hasAnnotations(item: KubeObject, wanted: Record<string, string>): boolean {
  const actual = item.metadata.annotations ?? {}
  return Object.entries(wanted).every(([key, value]) => actual[key] === value)
}
