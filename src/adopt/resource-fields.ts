// One drifted resource with the fields adopt takes from it, and how each field
// becomes an edit of Git's value: the live value set, or (for a field Git has
// and the cluster does not) the field removed.
import type { DetectedResource } from '../engine/detection.ts'
import type { PlacedObject } from '../engine/placement.ts'
import { parsePointer, valueAt } from '../drift/pointer.ts'
import type { FieldChange, KubeObject } from '../types.ts'
import type { FieldEdit } from './apply-change.ts'
import type { AdoptedField } from './types.ts'

export interface ResourceToAdopt {
  /** formatResource of the resource. */
  resource: string
  detected: DetectedResource
  placed: PlacedObject
  live: KubeObject
  changes: FieldChange[]
}

export interface FieldEditOf {
  edit: FieldEdit
  /** the object the change's pointer indexes. */
  reference: unknown
}

/**
 * The edit a change asks for: the live value set, or the field removed when the
 * live object has none (a field in Git that is absent live, whatever its reason).
 */
export function fieldEditOf(item: ResourceToAdopt, change: FieldChange): FieldEditOf {
  const value =
    change.reason === 'missing-live' ? undefined : valueAt(item.live, parsePointer(change.path))
  if (value === undefined) {
    return { edit: { action: 'remove' }, reference: item.placed.desired.object }
  }
  return { edit: { action: 'set', value }, reference: item.live }
}

export function adoptedField(
  item: ResourceToAdopt,
  change: FieldChange,
  edit: FieldEdit,
  file: string
): AdoptedField {
  return {
    resource: item.resource,
    path: change.path,
    reason: change.reason,
    action: edit.action,
    ...(edit.action === 'set' ? { value: edit.value } : {}),
    file
  }
}
