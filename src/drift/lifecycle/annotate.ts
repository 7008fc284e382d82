// The history's answer written into a copy of the report, where every renderer
// finds it: each change gets its first-seen time and whether it is new, each
// target the fields that went away since the last run.
import type { DriftReport, ResolvedField, TargetReport } from '../../types.ts'
import { fieldKey, type DriftState, type FieldEntry } from './state.ts'
import type { TrackResult } from './track.ts'

/**
 * `kept`: the state as written, when the size bound left fields out. Those get
 * no first-seen time: it would be this run's, night after night (they are
 * never kept), and the issue would change every night for nothing.
 */
export function withHistory(
  report: DriftReport,
  tracked: TrackResult,
  kept?: DriftState
): DriftReport {
  return {
    ...report,
    targets: report.targets.map(target => annotateTarget(target, tracked, kept))
  }
}

function annotateTarget(
  target: TargetReport,
  tracked: TrackResult,
  kept?: DriftState
): TargetReport {
  const resolved = tracked.resolved.filter(entry => entry.target === target.name).map(resolvedField)
  return {
    ...target,
    resources: target.resources.map(resource => ({
      ...resource,
      changes: resource.changes.map(change => {
        const field = tracked.byChange.get(change)
        if (!field || (kept && !kept.entries.has(fieldKey(field)))) return change
        return { ...change, firstSeen: field.firstSeen, lifecycle: field.lifecycle }
      })
    })),
    ...(resolved.length > 0 ? { resolved } : {})
  }
}

export function resolvedField(entry: FieldEntry): ResolvedField {
  return {
    ...entry.resource,
    path: entry.path,
    firstSeen: entry.firstSeen,
    ...(entry.severity === undefined ? {} : { severity: entry.severity })
  }
}
