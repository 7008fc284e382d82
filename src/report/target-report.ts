// One target's share of a report, for the places that show a target alone (its
// drift issue). The counts come from the report: its own summary when it holds
// only this target, else the target's own resources, counted here in report/ so
// github/ hands reports on and never counts verdicts itself.
import { summarize } from '../drift/summary.ts'
import type { DriftReport, TargetReport } from '../types.ts'

/** `report` narrowed to `target`, with a summary that counts only its resources. */
export function reportOfTarget(report: DriftReport, target: TargetReport): DriftReport {
  if (report.targets.length === 1 && report.targets[0] === target) return report
  return { ...report, targets: [target], summary: summarize([target]) }
}
