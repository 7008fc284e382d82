// A reconciliation as terminal text, one line per resource touched.
import type { ReconcileResult } from '../reconcile/types.ts'
import { formatResource } from '../util/resource-identity.ts'
import type { DriftSummary } from '../types.ts'
import { describeAction, reconcileVerdict } from './reconcile-summary.ts'

export function reconcileToText(result: ReconcileResult): string {
  const lines = [`kube-drift reconcile: ${reconcileVerdict(result)}`]
  for (const action of result.actions) {
    const mark = action.outcome === 'failed' ? '✖' : result.dryRun ? '•' : '✔'
    lines.push(
      `  ${mark} ${formatResource(action)}: ${describeAction(action, result.dryRun)}${action.error ? `: ${action.error}` : ''}`
    )
  }
  for (const skip of result.skipped)
    lines.push(`  - ${formatResource(skip.key)}: left alone: ${skip.reason}`)
  const s = (label: string, summary: DriftSummary) =>
    `${label}: ${summary.inSync} in sync, ${summary.drifted} drifted, ${summary.missing} missing, ${summary.extra} extra, ${summary.errors} errors`
  lines.push(s('before', result.before.summary))
  if (result.after) lines.push(s('after', result.after.summary))
  return `${lines.join('\n')}\n`
}
