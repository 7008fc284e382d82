// On a pull request, runs the same check on the PR's base commit and marks
// each difference of the PR's report as introduced by the PR or pre-existing.
// The base is a best effort: when it cannot be checked out or checked, the
// PR's report says why and is otherwise unchanged.
import { loadTargets, type TargetRequest } from '../config/load-targets.ts'
import { runCheck, type CheckOptions } from '../engine/check.ts'
import type { DriftReport } from '../types.ts'
import { checkoutBase } from './base-checkout.ts'
import { markOrigins, noteBaseUnavailable } from './pr-origin.ts'

export async function compareWithBase(
  head: DriftReport,
  options: {
    baseSha: string
    workspace: string
    scratch: string
    targetRequest: TargetRequest
    check: Omit<CheckOptions, 'targets' | 'cwd'>
  }
): Promise<DriftReport> {
  const base = await checkoutBase(options.workspace, options.baseSha, options.scratch)
  if (!base.available) return noteBaseUnavailable(head, base.reason)
  try {
    const targets = await loadTargets({ ...options.targetRequest, cwd: base.cwd })
    const { report } = await runCheck({ ...options.check, targets, cwd: base.cwd })
    return markOrigins(head, report, options.baseSha)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return noteBaseUnavailable(
      head,
      `the base commit ${options.baseSha.slice(0, 7)} could not be checked (${message})`
    )
  } finally {
    await base.remove()
  }
}
