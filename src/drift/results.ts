// Results for the verdicts that need no field-by-field comparison: Missing (in Git,
// not in the cluster), Extra (in the cluster, not in Git) and Error.

import type { DesiredObject, KubeObject, ResourceKey, ResourceResult, SourceRef } from '../types.ts'
import { renderDiff } from './diff.ts'
import { isSecret, maskSecret } from './mask.ts'
import { normalizeObject } from './normalize.ts'
import { prepareDesired } from './prepare-desired.ts'
import { keyOf } from '../util/resource-identity.ts'

/** Missing: one change at the root, and the whole (masked) desired object as '+' lines. */
export function missingResult(desired: DesiredObject, salt: string): ResourceResult {
  const prepared = prepareDesired(desired.object)
  const shown = maskSecret(normalizeObject(prepared), salt)
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

/** Extra: the whole (masked) live object as '-' lines. */
export function extraResource(live: KubeObject, salt: string): ResourceResult {
  return {
    ...keyOf(live),
    status: 'Extra',
    method: 'none',
    changes: [],
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
