// One run's merge of the history: which drifted fields are new since the last
// run, which are still there (keeping their first-seen time), which went away.
// A field that went away is dropped from the state, so when it returns it is
// new again, with a new first-seen time.
//
// Fail closed: a resource this run could not compare (an Error) may still be
// drifted, so its fields are neither new nor resolved: their entries stay as
// they were. A run that stopped for a whole target (the `Target` pseudo-resource
// of engine/stopped-run.ts), and a target this run did not check at all (a
// `--state` file shared by runs of other targets), keep every entry of it.
import type { DriftReport, FieldChange, ResourceResult } from '../../types.ts'
import {
  emptyState,
  fieldKey,
  fingerprintOf,
  resourceKeyOf,
  toSeconds,
  type DriftState,
  type FieldEntry
} from './state.ts'

export type Lifecycle = 'new' | 'still'

/** A field drifted in this run. */
export interface TrackedField extends FieldEntry {
  lifecycle: Lifecycle
  /** still there, but its value is not the one the last run saw. */
  valueChanged: boolean
}

export interface TrackResult {
  state: DriftState
  new: TrackedField[]
  still: TrackedField[]
  /** as the last run kept them: where, and since when. */
  resolved: FieldEntry[]
  /** what this run learnt about each change of the report, by the change itself. */
  byChange: Map<FieldChange, TrackedField>
}

/** The pseudo-resource of a target whose run stopped (engine/stopped-run.ts). */
const STOPPED_TARGET = { apiVersion: 'kube-drift/v1', kind: 'Target' }

/**
 * Merges `previous` with the drift of `report`, at `now` (the run's clock).
 * A `previous` state that may miss fields (`partial`: cut to size or rebuilt)
 * cannot say a field is new: fields it lacks count as still there.
 */
export function track(previous: DriftState, report: DriftReport, now: string): TrackResult {
  const at = toSeconds(now)
  const state = emptyState()
  const result: TrackResult = { state, new: [], still: [], resolved: [], byChange: new Map() }
  const checked = new Set(report.targets.map(target => target.name))
  const { frozenTargets, frozenResources } = unknownParts(report)

  for (const target of report.targets) {
    for (const resource of target.resources) {
      for (const [change, path] of drifted(resource)) {
        const ref = { target: target.name, resource: keyOnly(resource), path }
        const key = fieldKey(ref)
        const before = previous.entries.get(key)
        const fingerprint = fingerprintOf(change)
        const severity = change.severity ?? before?.severity
        const entry: FieldEntry = {
          ...ref,
          firstSeen: before?.firstSeen ?? at,
          ...(severity === undefined ? {} : { severity }),
          fingerprint
        }
        const tracked: TrackedField = {
          ...entry,
          lifecycle: before || previous.partial ? 'still' : 'new',
          valueChanged: before?.fingerprint !== undefined && before.fingerprint !== fingerprint
        }
        result.byChange.set(change, tracked)
        // Two changes at one pointer (never expected) are one field.
        if (state.entries.has(key)) continue
        state.entries.set(key, entry)
        result[tracked.lifecycle].push(tracked)
      }
    }
  }

  for (const [key, entry] of previous.entries) {
    if (state.entries.has(key)) continue
    const unknown =
      !checked.has(entry.target) ||
      frozenTargets.has(entry.target) ||
      frozenResources.has(resourceKeyOf(entry.target, entry.resource))
    if (unknown) state.entries.set(key, entry)
    else result.resolved.push(entry)
  }

  const changed = result.new.length > 0 || result.resolved.length > 0
  const changedAt = changed ? at : previous.changedAt
  if (changedAt !== undefined) state.changedAt = changedAt
  return result
}

/** Each change of a resource not in sync with its pointer; a Missing or Extra without changes is its root. */
function drifted(resource: ResourceResult): [FieldChange, string][] {
  if (resource.status === 'InSync' || resource.status === 'Error') return []
  if (resource.changes.length === 0) {
    return [
      [{ path: '', reason: resource.status === 'Extra' ? 'added-out-of-band' : 'missing-live' }, '']
    ]
  }
  return resource.changes.map(change => [change, change.path])
}

function unknownParts(report: DriftReport): {
  frozenTargets: Set<string>
  frozenResources: Set<string>
} {
  const frozenTargets = new Set<string>()
  const frozenResources = new Set<string>()
  for (const target of report.targets) {
    for (const resource of target.resources) {
      if (resource.status !== 'Error') continue
      if (
        resource.apiVersion === STOPPED_TARGET.apiVersion &&
        resource.kind === STOPPED_TARGET.kind
      ) {
        frozenTargets.add(target.name)
      } else {
        frozenResources.add(resourceKeyOf(target.name, keyOnly(resource)))
      }
    }
  }
  return { frozenTargets, frozenResources }
}

function keyOnly(resource: ResourceResult): FieldEntry['resource'] {
  return {
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    ...(resource.namespace === undefined ? {} : { namespace: resource.namespace }),
    name: resource.name
  }
}
