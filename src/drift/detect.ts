// The heart of the comparison: from live, desired and predicted (what live becomes
// once desired is applied) to the list of drifted fields, each with its reason and
// who set the live value. Shared by the full comparison and the local fast path.

import type { FieldChange, KubeObject } from '../types.ts'
import { withoutAllocatedEchoes } from './allocated-fields.ts'
import { attribute } from './attribution.ts'
import { diffObjects } from './changes.ts'
import { readLastApplied } from './last-applied.ts'
import type { Ownership } from './managed-fields.ts'
import { isSensitivePath, maskSecret } from './mask.ts'
import { type DesiredSide, desiredSide } from './desired-side.ts'
import { normalizeObject } from './normalize.ts'
import { findOutOfBand } from './out-of-band.ts'
import { comparePointers, isAtOrUnder } from './pointer.ts'
import { findRemovedFromGit } from './removed-from-git.ts'

/** The objects as compared: normalized, Secrets masked. */
export interface ComparableSides {
  live: KubeObject
  desired: KubeObject
  predicted: KubeObject
  /** shape of the last client-side apply, when there was one. */
  lastApplied?: KubeObject
}

/**
 * Normalizes and masks every side once, before anything reads a value, so that no
 * later step can see (and leak) a Secret value.
 */
export function comparableSides(
  live: KubeObject,
  desired: DesiredSide,
  predicted: KubeObject,
  salt: string
): ComparableSides {
  const lastApplied = readLastApplied(live)
  const sides: ComparableSides = {
    live: maskSecret(normalizeObject(live), salt),
    desired: maskSecret(desired.normalized, salt),
    predicted: maskSecret(normalizeObject(predicted), salt)
  }
  if (lastApplied !== undefined) {
    // The last client-side apply was a desired object too: the same pipeline reads it.
    sides.lastApplied = maskSecret(desiredSide(lastApplied).normalized, salt)
  }
  return sides
}

/**
 * Every drifted field, sorted by path, before ignore rules; fields the server
 * allocated as the echo of another drifted field are left out (allocated-fields.ts).
 */
export function detectChanges(
  sides: ComparableSides,
  ownership: readonly Ownership[],
  fieldManager: string
): FieldChange[] {
  const { live, desired, predicted, lastApplied } = sides
  const byOwnership = outermostOnly([
    ...findRemovedFromGit(live, desired, ownership, lastApplied, fieldManager),
    ...findOutOfBand(live, desired, ownership, fieldManager, lastApplied)
  ])
  const structural = diffObjects(
    live,
    predicted,
    byOwnership.map(change => change.path)
  ).map(change =>
    attribute(
      {
        path: change.path,
        reason: 'changed',
        ...(change.desired === undefined ? {} : { desired: change.desired }),
        ...(change.live === undefined ? {} : { live: change.live })
      },
      ownership
    )
  )
  return withoutAllocatedEchoes([...structural, ...byOwnership], desired)
    .map(change => (isSensitivePath(live, change.path) ? { ...change, sensitive: true } : change))
    .sort((a, b) => comparePointers(a.path, b.path))
}

/** One change per field: the first of equal paths, and none inside another's path. */
function outermostOnly(changes: readonly FieldChange[]): FieldChange[] {
  const kept: FieldChange[] = []
  for (const change of changes) {
    const covered = changes.some(
      other =>
        other !== change && other.path !== change.path && isAtOrUnder(change.path, other.path)
    )
    if (!covered && !kept.some(other => other.path === change.path)) kept.push(change)
  }
  return kept
}
