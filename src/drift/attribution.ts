// Who changed what: the field manager, operation and time behind a live value,
// from metadata.managedFields ("/spec/replicas 3 -> 5, by kubectl-scale").

import type { FieldChange, ManagedFieldsEntry } from '../types.ts'
import { type Ownership, mostRecent, ownersAt, wholeOwnersAbove } from './managed-fields.ts'

/**
 * `change` with the manager of its live value (the most recent owner when several
 * share it). A field absent live has no owner of its own: who removed it is recorded
 * only when it sat inside an atomic list or map (owned as a whole) that someone
 * replaced, and then it is that node's owner; otherwise it stays unattributed.
 */
export function attribute(change: FieldChange, ownership: readonly Ownership[]): FieldChange {
  const owners =
    change.live === undefined
      ? wholeOwnersAbove(ownership, change.path)
      : ownersAt(ownership, change.path)
  return { ...change, ...attributionOf(mostRecent(owners)) }
}

/** manager/operation/time of an entry, leaving out what it does not say. */
export function attributionOf(
  entry: ManagedFieldsEntry | undefined
): Pick<FieldChange, 'manager' | 'operation' | 'subresource' | 'time'> {
  if (entry === undefined) return {}
  return {
    ...(entry.manager === undefined ? {} : { manager: entry.manager }),
    ...(entry.operation === undefined ? {} : { operation: entry.operation }),
    ...(entry.subresource === undefined ? {} : { subresource: entry.subresource }),
    ...(entry.time === undefined ? {} : { time: entry.time })
  }
}
