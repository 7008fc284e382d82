// Counts by verdict across all targets, for the report's summary and the outputs.

import type { DriftSummary, TargetReport } from '../types.ts'

/** Counts by status of the targets' resources: the report's, or one target's for its own row. */
export function summarize(targets: readonly TargetReport[]): DriftSummary {
  const resources = targets.flatMap(target => target.resources)
  const summary: DriftSummary = {
    resources: resources.length,
    inSync: 0,
    drifted: 0,
    missing: 0,
    extra: 0,
    errors: 0,
    ignored: 0
  }
  for (const resource of resources) {
    summary.ignored += resource.ignored
    if (resource.status === 'InSync') summary.inSync++
    else if (resource.status === 'Drifted') summary.drifted++
    else if (resource.status === 'Missing') summary.missing++
    else if (resource.status === 'Extra') summary.extra++
    else summary.errors++
  }
  return summary
}
