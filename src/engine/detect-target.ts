// Detects drift for one target: place the desired objects, search for Extra
// ones, read their live state, prove what it can in sync locally, predict the
// rest (the server's dry-run, or locally) and compare. Errors become Error
// verdicts, never InSync. Each resource's verdict is handed on with what it
// rests on (detection.ts).
import { isFatal } from '../cluster/errors.ts'
import type { OpenApiSchemas } from '../cluster/openapi.ts'
import type { Target } from '../config/target.ts'
import {
  canProveInSyncLocally,
  compareInDetail,
  errorResult,
  keyOf,
  provenInSyncResult
} from '../drift/index.ts'
import type { KindSchema } from '../drift/schema.ts'
import type { DesiredObject, KubeObject, ResourceResult, TargetReport } from '../types.ts'
import { mapWithConcurrency } from '../util/pool.ts'
import type { DetectCluster } from './cluster-port.ts'
import { describeError } from './describe-error.ts'
import type { DetectedResource, DetectedTarget } from './detection.ts'
import { findExtras, trackingIn } from './extras.ts'
import { readLiveState } from './live-state.ts'
import type { LiveRead } from './live-state.ts'
import { schemaForLocalComparison } from './local-schema.ts'
import { placeObjects } from './placement.ts'
import type { PlacedObject } from './placement.ts'
import { DryRunPredictor } from './predict.ts'

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

export interface TargetDetection extends DetectedTarget {
  report: TargetReport
}

export async function detectTarget(
  cluster: DetectCluster,
  target: Target,
  objects: DesiredObject[],
  options: DetectOptions
): Promise<TargetDetection> {
  const progress = options.progress ?? (() => {})
  const namespace = target.namespace ?? options.defaultNamespace
  await cluster.discovery.load()
  const { placed, unplaced } = placeObjects(objects, cluster.discovery, namespace)

  // The Extra search runs first: a selector the server rejects stops the run before anything is compared.
  // An explicit selector decides alone; else the deploying tool's own tracking (helm's release).
  const tracking = target.selector
    ? { selector: target.selector, annotations: {} }
    : target.tracking && trackingIn(target.tracking, namespace)
  const extras = tracking
    ? await findExtras(cluster, tracking, placed, options)
    : { results: [], notes: [] }

  const requestsBefore = cluster.requestCount
  const liveState = await readLiveState(cluster, placed, options.concurrency)
  progress(
    `${target.name}: read ${placed.length} live objects in ${cluster.requestCount - requestsBefore} requests`
  )

  const context: CompareContext = {
    predictor: new DryRunPredictor(cluster, options.fieldManager),
    target,
    options,
    schemaNotes: new Set()
  }
  let compared = 0
  const outcomes = await mapWithConcurrency(placed, options.concurrency, async p => {
    const outcome = await detectOne(p, liveState.get(p), context)
    compared++
    if (compared % 100 === 0) progress(`${target.name}: compared ${compared}/${placed.length}`)
    return outcome
  })
  const resources: DetectedResource[] = outcomes.map(o => o.detected)
  for (const u of unplaced) {
    const result = errorResult(keyOf(u.desired.object), describeError(u.error), u.desired.source)
    resources.push({ result, ignored: [] })
  }
  resources.push(...extras.results.map(result => ({ result, ignored: [] })))

  const fallbacks = outcomes.flatMap(o => (o.note === undefined ? [] : [o.note]))
  const notes = [
    ...context.predictor.forbiddenNotes(),
    ...fallbacks,
    ...context.schemaNotes,
    ...extras.notes
  ]
  const results = resources.map(r => r.result)
  const ignored = results.reduce((sum, r) => sum + r.ignored, 0)
  if (ignored > 0) notes.push(`${ignored} difference(s) silenced by ignore rules.`)
  progress(`${target.name}: compared ${placed.length} objects`)

  const fellBack = context.predictor.anyForbidden() || fallbacks.length > 0
  return {
    target,
    namespace,
    resources,
    unplaced,
    report: {
      name: target.name,
      renderer: target.renderer,
      path: target.paths.join(', '),
      comparison: comparisonOf(results, fellBack),
      notes,
      resources: results
    }
  }
}

/** What every comparison of one target shares. */
interface CompareContext {
  predictor: DryRunPredictor
  target: Target
  options: DetectOptions
  /** one note per kind compared locally without its OpenAPI schema. */
  schemaNotes: Set<string>
}

/** One placed object's verdict, and the note it adds when it fell back to the local comparison. */
async function detectOne(
  p: PlacedObject,
  read: LiveRead | undefined,
  { predictor, target, options, schemaNotes }: CompareContext
): Promise<{ detected: DetectedResource; note?: string }> {
  const failed = (message: string) => ({
    detected: {
      result: errorResult(keyOf(p.desired.object), message, p.desired.source),
      placed: p,
      ignored: []
    }
  })
  if (!read) return failed('the live object was not read')
  if ('error' in read) {
    if (isFatal(read.error)) throw read.error
    return failed(describeError(read.error))
  }
  const { live } = read
  const compare = (dryRun: KubeObject | null, schema?: KindSchema): DetectedResource => {
    const comparison = compareInDetail({
      desired: p.desired,
      side: p.side,
      live,
      dryRun,
      fieldManager: options.fieldManager,
      ignore: target.ignore,
      salt: options.salt,
      ...(schema ? { schema } : {})
    })
    const { result, predicted, ignored } = comparison
    return { result, placed: p, live, predicted, ignored }
  }
  if (live === null) return { detected: compare(null) }
  // The fast path may only ever conclude "in sync"; anything else goes to the server.
  if (options.fastPath !== false && canProveInSyncLocally(p.side, live, options.fieldManager)) {
    return { detected: { result: provenInSyncResult(p.desired), placed: p, live, ignored: [] } }
  }
  const prediction = await predictor.predict(p)
  if (prediction.method === 'none') return failed(prediction.error)
  if (prediction.method === 'server') return { detected: compare(prediction.predicted) }
  const schema = await schemaForLocalComparison(options.schemas, p.desired.object, schemaNotes)
  const detected = compare(null, schema)
  const note = prediction.note
  // The server refused what Git holds: whatever the local view says, that is not "in sync".
  if (prediction.refusal !== undefined && detected.result.status === 'InSync') {
    return { ...failed(prediction.refusal), ...(note === undefined ? {} : { note }) }
  }
  return { detected, ...(note === undefined ? {} : { note }) }
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
