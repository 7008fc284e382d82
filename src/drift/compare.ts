// compareResource: one desired object against its live counterpart -> a verdict,
// the drifted fields and a diff.

import type {
  DesiredObject,
  FieldChange,
  IgnoreRule,
  KubeObject,
  ResourceResult
} from '../types.ts'
import { comparableSides, detectChanges } from './detect.ts'
import { type DesiredSide, desiredSide } from './desired-side.ts'
import { desiredSideForDiff } from './diff-view.ts'
import { renderDiff } from './diff.ts'
import { filterIgnored } from './ignore.ts'
import { ownershipOf } from './managed-fields.ts'
import { mergeDesiredOntoLive } from './merge.ts'
import type { KindSchema } from './schema.ts'
import { keyOf } from '../util/resource-identity.ts'
import { missingResult } from './results.ts'

export interface CompareInput {
  /** from Git */
  desired: DesiredObject
  /** desired through the normalisation pipeline, when the caller has it already (else built here). */
  side?: DesiredSide
  /** from the cluster; null = not found */
  live: KubeObject | null
  /** the result of a server-side apply dry-run of desired; null = not available (local comparison) */
  dryRun: KubeObject | null
  /** our field manager name, 'kube-drift' by default */
  fieldManager: string
  ignore: IgnoreRule[]
  /** per-run random salt for hashing sensitive values */
  salt: string
  /** the kind's schema from the server's OpenAPI, for the local comparison; absent = heuristics only. */
  schema?: KindSchema
}

/** A comparison with what it rests on, for the steps after it (reconcile applies from it). */
export interface Comparison {
  result: ResourceResult
  /** what applying Git would leave: the dry-run's answer or the local merge; null when nothing is live. */
  predicted: KubeObject | null
  /** the differences the ignore rules silenced (reconcile keeps their live values). */
  ignored: FieldChange[]
}

export function compareResource(input: CompareInput): ResourceResult {
  return compareInDetail(input).result
}

export function compareInDetail(input: CompareInput): Comparison {
  const { desired, live, dryRun, fieldManager, ignore, salt, schema } = input
  const side = input.side ?? desiredSide(desired.object)
  if (live === null) {
    return { result: missingResult(desired, salt, side), predicted: null, ignored: [] }
  }
  const key = keyOf(side.stored, live.metadata.namespace)
  // The server's dry-run is the reference; the local merge is the read-only fallback.
  const predicted = dryRun ?? mergeDesiredOntoLive(live, side.stored, schema)
  const sides = comparableSides(live, side, predicted, salt)
  const changes = detectChanges(sides, ownershipOf(live), fieldManager)
  const { kept, ignored } = filterIgnored(changes, ignore, key)
  const result = {
    ...key,
    method: dryRun === null ? ('local' as const) : ('server' as const),
    source: desired.source,
    error: null,
    ignored: ignored.length
  }
  if (kept.length === 0) {
    return { result: { ...result, status: 'InSync', changes: [], diff: '' }, predicted, ignored }
  }
  const shownDesired = desiredSideForDiff(sides.live, sides.predicted, {
    leftOut: pathsOf(kept.filter(change => change.reason !== 'changed')),
    ignoredLive: pathsOf(ignored.filter(change => change.live !== undefined)),
    ignoredPredictedOnly: pathsOf(ignored.filter(change => change.live === undefined))
  })
  const diff = renderDiff(sides.live, shownDesired)
  return { result: { ...result, status: 'Drifted', changes: kept, diff }, predicted, ignored }
}

function pathsOf(changes: readonly FieldChange[]): Set<string> {
  return new Set(changes.map(change => change.path))
}
