// A run that stopped before anything could be compared (the server unreachable,
// credentials refused, a selector rejected, a chart that does not render) still
// has to be told where people look. It becomes one Error per target, so it counts
// in `errors`, fails the step, and keeps a drift issue open with the reason in
// its body: a stopped run is never "back in sync".
import { summarize } from '../drift/summary.ts'
import type { Target } from '../config/target.ts'
import type { DriftReport, TargetReport } from '../types.ts'

/** The pseudo-resource that carries a target's run-level error in the report. */
export const STOPPED_RUN_KIND = 'Target'

export function stoppedRunReport(
  targets: readonly Target[],
  reason: string,
  generatedAt: string
): DriftReport {
  const reports: TargetReport[] = targets.map(target => ({
    name: target.name,
    renderer: target.renderer,
    path: target.paths.join(', '),
    comparison: 'none',
    notes: ['The run stopped before any resource of this target was compared.'],
    resources: [
      {
        apiVersion: 'kube-drift/v1',
        kind: STOPPED_RUN_KIND,
        name: target.name,
        status: 'Error',
        method: 'none',
        changes: [],
        diff: '',
        error: reason,
        ignored: 0
      }
    ]
  }))
  return {
    apiVersion: 'kube-drift/v1',
    kind: 'DriftReport',
    generatedAt,
    summary: summarize(reports),
    targets: reports
  }
}
