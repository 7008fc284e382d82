// The verdict of a run, decided once: the exit code the CLI returns and the
// sentence the action fails, warns or informs with. terraform plan
// -detailed-exitcode: 0 in sync, 2 drift (or changes), 1 error.
import type { AdoptOutcome } from '../adopt/types.ts'
import type { ReconcileResult } from '../reconcile/types.ts'
import { atLeast, highestSeverity } from '../drift/lifecycle/threshold.ts'
import type { DriftReport, Severity } from '../types.ts'
import { driftCount } from './format.ts'
import { failingDriftCount } from './origin.ts'

/** fail-on-drift: true, false, `introduced` (a pull request's own drift), or a severity threshold. */
export type FailOnDrift = boolean | 'introduced' | Severity

export type ExitCode = 0 | 1 | 2

export interface Verdict {
  code: ExitCode
  /** `2 resource(s) could not be compared`, `drift in 3 resource(s)`, `in sync (12 resources)`. */
  message: string
}

/** A detection: any Error fails it; drift is 2; else in sync. */
export function detectionVerdict(report: DriftReport): Verdict {
  const s = report.summary
  const drift = driftCount(s)
  if (s.errors > 0) return { code: 1, message: `${s.errors} resource(s) could not be compared` }
  if (drift > 0) return { code: 2, message: `drift in ${drift} resource(s)` }
  return { code: 0, message: `in sync (${s.resources} resources)` }
}

/**
 * A reconciliation: 1 on any failure; a dry run: 1 when the check before it had
 * errors (what it could not compare may need changes too), 2 when it would change
 * something or leaves drift it may not touch (skipped), else 0; otherwise the
 * verdict of the check after it.
 */
export function reconcileVerdict(result: ReconcileResult): Verdict {
  if (result.failed > 0) {
    return { code: 1, message: `${result.failed} resource(s) could not be reconciled` }
  }
  if (result.after) return detectionVerdict(result.after)
  const before = detectionVerdict(result.before)
  if (before.code === 1) return before
  const planned = result.actions.length + result.skipped.length
  return planned > 0
    ? { code: 2, message: `a reconciliation would change ${result.actions.length} resource(s)` }
    : { code: 0, message: `a reconciliation would change nothing` }
}

/**
 * The verdict the action concludes a detection with, and whether its drift fails
 * the step: fail-on-drift true or false, or `introduced`, where only drift a pull
 * request brings fails it (report/origin.ts; drift whose origin is unknown counts).
 */
export function actionVerdict(
  report: DriftReport,
  failOnDrift: FailOnDrift
): { verdict: Verdict; failDrift: boolean } {
  const verdict = detectionVerdict(report)
  if (typeof failOnDrift === 'string' && failOnDrift !== 'introduced') {
    const severe = severityVerdict(report, failOnDrift)
    return { verdict: severe, failDrift: severe.code === 2 }
  }
  if (failOnDrift !== 'introduced' || verdict.code !== 2) {
    return { verdict, failDrift: failOnDrift !== false }
  }
  const brought = failingDriftCount(report)
  if (brought === 0) return { verdict, failDrift: false }
  return {
    verdict: { code: 2, message: `drift in ${brought} resource(s) brought by this pull request` },
    failDrift: true
  }
}

/**
 * `fail-on-drift: high`, `check --fail-on-drift high`: drift is 2 only when a resource
 * has a change of that severity or worse; milder drift is 0, and says so. A resource
 * whose changes carry no severity counts (fail closed); errors are 1 as always.
 * Without a threshold, the detection's verdict.
 */
export function severityVerdict(report: DriftReport, threshold: Severity | undefined): Verdict {
  const verdict = detectionVerdict(report)
  if (verdict.code !== 2 || threshold === undefined) return verdict
  const drifted = report.targets
    .flatMap(target => target.resources)
    .filter(resource => resource.status !== 'InSync' && resource.status !== 'Error')
  const severe = drifted.filter(resource => atLeast(highestSeverity(resource.changes), threshold))
  if (severe.length === 0) {
    return {
      code: 0,
      message: `drift in ${drifted.length} resource(s), none ${threshold} or worse`
    }
  }
  return { code: 2, message: `drift ${threshold} or worse in ${severe.length} resource(s)` }
}

/**
 * An adoption: 1 when a resource could not be compared, a field could not be
 * adopted (no single source, a generator, Helm: only suggested), or an adopted
 * field still differs when checked again; else 0 (a dry run: everything would
 * be written). Secret values skipped on purpose do not fail it: they are listed.
 */
export function adoptVerdict(outcomes: readonly AdoptOutcome[]): Verdict {
  const count = (pick: (o: AdoptOutcome) => readonly unknown[]) =>
    outcomes.reduce((sum, o) => sum + pick(o).length, 0)
  const errors = count(o => o.errors)
  if (errors > 0) return { code: 1, message: `${errors} resource(s) could not be compared` }
  const failed = count(o => o.failed)
  const suggested = count(o => o.suggestions)
  const stillDiffering = count(o => (o.recheck ?? []).filter(r => r.stillDiffering.length > 0))
  const problems = [
    failed > 0 && `${failed} field(s) could not be adopted`,
    suggested > 0 && `${suggested} field(s) of Helm charts need a values edit (nothing written)`,
    stillDiffering > 0 && `${stillDiffering} resource(s) still differ after adopting`
  ].filter((problem): problem is string => typeof problem === 'string')
  if (problems.length > 0) return { code: 1, message: problems.join('; ') }
  const adopted = count(o => o.adopted) + count(o => o.extras)
  const files = count(o => o.files)
  if (adopted === 0) return { code: 0, message: 'nothing to adopt' }
  const dryRun = outcomes.some(o => o.dryRun)
  if (dryRun) return { code: 0, message: `would adopt ${adopted} field(s) in ${files} file(s)` }
  const written = outcomes.some(o => o.written)
  // Not written here: the action proposes the files in a pull request (its body starts with this).
  if (!written)
    return { code: 0, message: `${adopted} live field(s) to take into Git, in ${files} file(s)` }
  return {
    code: 0,
    message: `adopted ${adopted} field(s) in ${files} file(s); in sync when checked again`
  }
}
