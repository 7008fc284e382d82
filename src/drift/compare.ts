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
import { desiredSideForDiff } from './diff-view.ts'
import { renderDiff } from './diff.ts'
import { filterIgnored } from './ignore.ts'
import { ownershipOf } from './managed-fields.ts'
import { mergeDesiredOntoLive } from './merge.ts'
import { prepareDesired } from './prepare-desired.ts'
import type { KindSchema } from './schema.ts'
import { keyOf } from '../util/resource-identity.ts'
import { missingResult } from './results.ts'

export interface CompareInput {
  /** from Git */
  desired: DesiredObject
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

export function compareResource(input: CompareInput): ResourceResult {
  const { desired, live, dryRun, fieldManager, ignore, salt, schema } = input
  if (live === null) return missingResult(desired, salt)
  const prepared = prepareDesired(desired.object)
  const key = keyOf(prepared, live.metadata.namespace)
  // The server's dry-run is the reference; the local merge is the read-only fallback.
  const predicted = dryRun ?? mergeDesiredOntoLive(live, prepared, schema)
  const sides = comparableSides(live, prepared, predicted, salt)
  const changes = detectChanges(sides, ownershipOf(live), fieldManager)
  const { kept, ignored } = filterIgnored(changes, ignore, key)
  const result = {
    ...key,
    method: dryRun === null ? ('local' as const) : ('server' as const),
    source: desired.source,
    error: null,
    ignored: ignored.length
  }
  if (kept.length === 0) return { ...result, status: 'InSync', changes: [], diff: '' }
  const desiredSide = desiredSideForDiff(sides.live, sides.predicted, {
    leftOut: pathsOf(kept.filter(change => change.reason !== 'changed')),
    ignoredLive: pathsOf(ignored.filter(change => change.live !== undefined)),
    ignoredPredictedOnly: pathsOf(ignored.filter(change => change.live === undefined))
  })
  return { ...result, status: 'Drifted', changes: kept, diff: renderDiff(sides.live, desiredSide) }
}

function pathsOf(changes: readonly FieldChange[]): Set<string> {
  return new Set(changes.map(change => change.path))
}
