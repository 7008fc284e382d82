// Results for the verdicts that need no field-by-field comparison: Missing (in Git,
// not in the cluster), Extra (in the cluster, not in Git) and Error.

import type { DesiredObject, KubeObject, ResourceKey, ResourceResult, SourceRef } from '../types.ts'
import { attributionOf } from './attribution.ts'
import { type DesiredSide, desiredSide } from './desired-side.ts'
import { renderDiff } from './diff.ts'
import { isSecret, maskSecret } from './mask.ts'
import { normalizeObject } from './normalize.ts'
import { keyOf } from '../util/resource-identity.ts'

/** Missing: one change at the root, and the whole (masked) desired object as '+' lines. */
export function missingResult(
  desired: DesiredObject,
  salt: string,
  side: DesiredSide = desiredSide(desired.object)
): ResourceResult {
  const prepared = side.stored
  const shown = maskSecret(side.normalized, salt)
  return {
    ...keyOf(prepared),
    status: 'Missing',
    method: 'none',
    source: desired.source,
    changes: [
      { path: '', reason: 'missing-live', ...(isSecret(prepared) ? { sensitive: true } : {}) }
    ],
    diff: renderDiff(undefined, shown),
    error: null,
    ignored: 0
  }
}

/**
 * Extra: the whole (masked) live object as '-' lines, and one change at the root
 * naming who created it (managedFields), as Missing has one at the root.
 */
export function extraResource(live: KubeObject, salt: string): ResourceResult {
  return {
    ...keyOf(live),
    status: 'Extra',
    method: 'none',
    changes: [{ path: '', reason: 'added-out-of-band', ...creatorOf(live) }],
    diff: renderDiff(maskSecret(normalizeObject(live), salt), undefined),
    error: null,
    ignored: 0
  }
}

/** Error: the resource could not be read or compared; never reported as in sync. */
export function errorResult(key: ResourceKey, message: string, source?: SourceRef): ResourceResult {
  return {
    apiVersion: key.apiVersion,
    kind: key.kind,
    ...(key.namespace === undefined ? {} : { namespace: key.namespace }),
    name: key.name,
    status: 'Error',
    method: 'none',
    ...(source === undefined ? {} : { source }),
    changes: [],
    diff: '',
    error: message,
    ignored: 0
  }
}

/** A resource the local fast path proved in sync: nothing changed, nothing ignored. */
export function provenInSyncResult(desired: DesiredObject): ResourceResult {
  return {
    ...keyOf(desired.object),
    status: 'InSync',
    method: 'local',
    source: desired.source,
    changes: [],
    diff: '',
    error: null,
    ignored: 0
  }
}

/**
 * Who created an object: of its managedFields entries written to the object itself
 * (not a subresource such as status), the oldest; the time is the object's creation.
 * Entries keep only their last write time, so a creator that wrote again later may
 * look newer than a second manager: the oldest entry is the best evidence there is.
 */
export function creatorOf(live: KubeObject): ReturnType<typeof attributionOf> {
  const entries = (live.metadata.managedFields ?? []).filter(entry => !entry.subresource)
  const oldest = [...entries].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''))[0]
  const created = live.metadata.creationTimestamp
  const attribution = attributionOf(oldest)
  return typeof created === 'string' ? { ...attribution, time: created } : attribution
}
