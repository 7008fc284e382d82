// The history of one drift issue (or one `--state` file): for every field that
// is drifted now, when it was first seen. Kept from run to run with no store
// outside GitHub (state-block.ts writes it into the issue body), merged by each
// run (track.ts).
//
// What an entry keeps, and why no more: the first-seen time (the age), the
// severity when part 1 graded it (the "went away" list shows it after the change
// itself is gone), and a short fingerprint of the two values, so a field whose
// live value changes again while it stays drifted is told apart: it is "still
// there" (its value changed), never new, and it keeps its first-seen time.
// There is no last-seen time: it would change every night, and so would the
// issue body that carries the state; every entry is in this run's drift anyway.
import { createHash } from 'node:crypto'
import type { FieldChange, ResourceKey, Severity } from '../../types.ts'
import { resourceId } from '../../util/resource-identity.ts'

export const STATE_VERSION = 1

/** Where a drifted field is: the target, the resource, the JSON Pointer ('' for the whole object). */
export interface FieldRef {
  target: string
  resource: ResourceKey
  path: string
}

export interface FieldEntry extends FieldRef {
  /** ISO time of the run that first saw the field drifted (seconds precision). */
  firstSeen: string
  severity?: Severity
  /** a short hash of the live and desired values (masked values for Secrets). */
  fingerprint?: string
}

export interface DriftState {
  version: typeof STATE_VERSION
  /** by fieldKey. */
  entries: Map<string, FieldEntry>
  /** how many entries the size bound left out when this state was last written. */
  cut: number
  /**
   * true when fields drifted at the last run may be missing from it: it was cut
   * to size, or rebuilt after it could not be read. Such a state cannot say a
   * field is new (track.ts counts the fields it lacks as still there).
   */
  partial: boolean
  /**
   * the run that last found something new or resolved. The issue marks the fields
   * first seen then as new, a mark that stays right until the next such run, so
   * a night with nothing new leaves the body as it is.
   */
  changedAt?: string
}

export function emptyState(): DriftState {
  return { version: STATE_VERSION, entries: new Map(), cut: 0, partial: false }
}

/** The identity of a field: one target, one resource (resource-identity.ts), one pointer. */
export function fieldKey(ref: FieldRef): string {
  return JSON.stringify([ref.target, resourceId(ref.resource), ref.path])
}

/** The resource part of a field key, for "every field of this resource". */
export function resourceKeyOf(target: string, resource: ResourceKey): string {
  return JSON.stringify([target, resourceId(resource)])
}

/** The two values of a change, hashed: equal when neither side changed. */
export function fingerprintOf(change: FieldChange): string {
  const values = JSON.stringify([change.live ?? null, change.desired ?? null])
  return createHash('sha256').update(values).digest('base64url').slice(0, 8)
}

/** An ISO time cut to whole seconds: shorter to keep, and the same written as read. */
export function toSeconds(iso: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  return new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
