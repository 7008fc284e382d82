// Detects drift for one target: place the desired objects, read their live
// state, prove what it can in sync locally, send the rest to the server's
// apply dry-run, and compare. Errors become Error verdicts, never InSync.
import { formatApiVersion as apiVersionOf } from '../util/resource-identity.ts'
import type { ClusterClient } from '../cluster/client.ts'
import type { OpenApiSchemas } from '../cluster/openapi.ts'
import type { ApiResource } from '../cluster/discovery.ts'
import { KubeApiError, SelectorRejectedError } from '../cluster/errors.ts'
import type { Target, Tracking } from '../config/target.ts'
import {
  canProveInSyncLocally,
  compareResource,
  errorResult,
  extraResource,
  isControllerOwned,
  keyOf,
  provenInSyncResult
} from '../drift/index.ts'
import type { DesiredObject, KubeObject, ResourceResult, TargetReport } from '../types.ts'
import { mapWithConcurrency } from '../util/pool.ts'
import {
  cannotDryRun,
  describeError,
  isFatal,
  isForbidden,
  isRefusedApply
} from './describe-error.ts'
import { readLiveState } from './live-state.ts'
import { schemaForLocalComparison } from './local-schema.ts'
import type { LiveRead } from './live-state.ts'
import { placeObjects, placementKey } from './placement.ts'
import type { PlacedObject } from './placement.ts'

export interface DetectOptions {
  fieldManager: string
  concurrency: number
  defaultNamespace: string
  salt: string
  /** false sends every object to the server's dry-run (no local proof of sync). */
  fastPath?: boolean
  progress?: (message: string) => void
  /** the server's OpenAPI schemas, read only when an object is compared locally. */
  schemas?: OpenApiSchemas
}

export async function detectTarget(
  client: ClusterClient,
  target: Target,
  objects: DesiredObject[],
  options: DetectOptions
): Promise<TargetReport> {
  const progress = options.progress ?? (() => {})
  await client.discovery.load()
  const { placed, unplaced } = placeObjects(
    objects,
    client.discovery,
    target.namespace ?? options.defaultNamespace
  )
  const notes: string[] = []

  // The Extra search runs first: a selector the server rejects stops the run before anything is compared.
  const searchNotes: string[] = []
  // An explicit selector decides alone; else the deploying tool's own tracking (helm's release).
  const tracking = target.selector
    ? { selector: target.selector, annotations: {} }
    : target.tracking && trackingIn(target.tracking, target.namespace ?? options.defaultNamespace)
  const extras = tracking ? await findExtras(client, tracking, placed, options, searchNotes) : []

  const requestsBefore = client.requestCount
  const liveState = await readLiveState(client, placed, options.concurrency)
  progress(
    `${target.name}: read ${placed.length} live objects in ${client.requestCount - requestsBefore} requests`
  )

  // Resources whose patch (and so the dry-run) is forbidden: compared locally instead.
  const patchForbidden = new Map<string, string>()
  const refused: string[] = []
  const schemaNotes = new Set<string>()
  let compared = 0
  const results = await mapWithConcurrency(placed, options.concurrency, async p => {
    const result = await compareOne(
      client,
      target,
      p,
      liveState.get(placementKey(p.resource, p.namespace, p.name)),
      options,
      patchForbidden,
      refused,
      schemaNotes
    )
    compared++
    if (compared % 100 === 0) progress(`${target.name}: compared ${compared}/${placed.length}`)
    return result
  })
  for (const u of unplaced) {
    results.push(errorResult(keyOf(u.desired.object), describeError(u.error), u.desired.source))
  }
  for (const reason of new Set(patchForbidden.values())) {
    notes.push(
      `Compared locally (desired fields against live), not by the server's dry-run: ${reason}`
    )
  }
  notes.push(...refused, ...schemaNotes)
  results.push(...extras)
  for (const reason of new Set(searchNotes)) notes.push(reason)
  const ignored = results.reduce((sum, r) => sum + r.ignored, 0)
  if (ignored > 0) notes.push(`${ignored} difference(s) silenced by ignore rules.`)
  progress(`${target.name}: compared ${placed.length} objects`)

  return {
    name: target.name,
    renderer: target.renderer,
    path: target.paths.join(', '),
    comparison: comparisonOf(results, patchForbidden.size > 0 || refused.length > 0),
    notes,
    resources: results
  }
}

async function compareOne(
  client: ClusterClient,
  target: Target,
  p: PlacedObject,
  read: LiveRead | undefined,
  options: DetectOptions,
  patchForbidden: Map<string, string>,
  refused: string[],
  schemaNotes: Set<string>
): Promise<ResourceResult> {
  const key = keyOf(p.desired.object)
  if (!read) return errorResult(key, 'the live object was not read', p.desired.source)
  if ('error' in read) {
    if (isFatal(read.error)) throw read.error
    return errorResult(key, describeError(read.error), p.desired.source)
  }
  const base = {
    desired: p.desired,
    live: read.live,
    fieldManager: options.fieldManager,
    ignore: target.ignore,
    salt: options.salt
  }
  if (read.live === null) return compareResource({ ...base, dryRun: null })
  const compareLocally = async () =>
    compareResource({
      ...base,
      dryRun: null,
      schema: await schemaForLocalComparison(options.schemas, p.desired.object, schemaNotes)
    })
  // The fast path may only ever conclude "in sync"; anything else goes to the server.
  if (
    options.fastPath !== false &&
    canProveInSyncLocally(p.desired.object, read.live, options.fieldManager)
  ) {
    return provenInSyncResult(p.desired)
  }
  const forbiddenKey = `${p.resource.group}/${p.resource.resource}/${p.namespace ?? ''}`
  if (!patchForbidden.has(forbiddenKey)) {
    try {
      const dryRun = await client.apply(p.resource, p.desired.object, {
        fieldManager: options.fieldManager,
        force: true,
        dryRun: true
      })
      return compareResource({ ...base, dryRun })
    } catch (error) {
      if (isFatal(error)) throw error
      if (cannotDryRun(error)) {
        // Not Git's fault nor a missing verb on the kind: this one object is compared locally.
        refused.push(
          `${p.resource.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}: compared locally (desired fields against live), not by the server's dry-run: ${describeError(error)}.`
        )
        return compareLocally()
      }
      if (isRefusedApply(error)) {
        // The live object and Git no longer merge (a list key renamed by hand, a
        // conflict): the drift is real, so find it locally and say applying would fail.
        refused.push(
          `${p.resource.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}: applying Git would fail (${describeError(error)}); compared locally.`
        )
        const local = await compareLocally()
        // The server refused what Git holds: whatever the local view says, that is not "in sync".
        return local.status === 'InSync'
          ? errorResult(key, describeError(error), p.desired.source)
          : local
      }
      if (!isForbidden(error)) return errorResult(key, describeError(error), p.desired.source)
      patchForbidden.set(forbiddenKey, describeError(error))
    }
  }
  return compareLocally()
}

/**
 * Objects carrying the target's tracking that Git does not have, except
 * controllers' children. A search that could not run is an Error result (it
 * counts in `errors`): "no extras" is said only where the search really ran.
 */
async function findExtras(
  client: ClusterClient,
  { selector, annotations }: Tracking,
  placed: PlacedObject[],
  options: DetectOptions,
  notes: string[]
): Promise<ResourceResult[]> {
  const wanted = new Set(placed.map(p => placementKey(p.resource, p.namespace, p.name)))
  const resources = new Map<
    string,
    { resource: ApiResource; namespaces: Set<string | undefined> }
  >()
  for (const p of placed) {
    const entry = resources.get(p.resource.resource + '.' + p.resource.group) ?? {
      resource: p.resource,
      namespaces: new Set()
    }
    entry.namespaces.add(p.namespace)
    resources.set(p.resource.resource + '.' + p.resource.group, entry)
  }
  const extras: ResourceResult[] = []
  const list = async (resource: ApiResource, namespace?: string): Promise<KubeObject[]> => {
    try {
      return await client.list(resource, { namespace, labelSelector: selector })
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
    extras.push(searchErrorResult(resource, namespace, selector, describeError(error)))
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
        const key = placementKey(resource, item.metadata.namespace, item.metadata.name ?? '')
        if (wanted.has(key) || isControllerOwned(item)) continue
        if (!hasAnnotations(item, annotations)) continue
        extras.push(extraResource(item, options.salt))
      }
    }
  )
  return extras
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
    { apiVersion: apiVersionOf(resource), kind: resource.kind, namespace, name: '*' },
    `the search for extra ${resource.kind} objects (selector ${selector})${where} failed, so objects in the cluster but not in Git may be missed: ${reason}`
  )
}

/** The tracking with its namespace annotation (helm's release namespace) set to where the target deploys. */
function trackingIn(tracking: Tracking, namespace: string): Tracking {
  if (!tracking.namespaceAnnotation) return tracking
  return {
    ...tracking,
    annotations: { ...tracking.annotations, [tracking.namespaceAnnotation]: namespace }
  }
}

function hasAnnotations(item: KubeObject, wanted: Record<string, string>): boolean {
  const actual = item.metadata.annotations ?? {}
  return Object.entries(wanted).every(([key, value]) => actual[key] === value)
}

/**
 * What the verdicts rest on: 'server' when every object the local fast path could
 * not prove in sync went through the server's dry-run; 'mixed' when some fell back
 * to the local comparison (patch forbidden, apply refused); 'local' when none did.
 */
function comparisonOf(results: ResourceResult[], fellBack: boolean): TargetReport['comparison'] {
  const server = results.some(r => r.method === 'server')
  const local = results.some(r => r.method === 'local')
  if (server) return fellBack ? 'mixed' : 'server'
  return local ? 'local' : 'none'
}
