// A reconciliation as Markdown (job summary, comment, issue): the state before
// and after, then what was done to which resource.
import type { ReconcileResult } from '../reconcile/types.ts'
import { formatResource } from '../util/resource-identity.ts'
import type { DriftSummary } from '../types.ts'
import { codeSpan, escapeText } from './markdown-text.ts'
import { describeAction, reconcileVerdict } from './reconcile-summary.ts'

function summaryRow(label: string, s: DriftSummary): string {
  return `| ${label} | ${s.resources} | ${s.inSync} | ${s.drifted} | ${s.missing} | ${s.extra} | ${s.errors} |`
}

export function reconcileToMarkdown(result: ReconcileResult): string {
  const lines: string[] = []
  lines.push(`### kube-drift reconcile: ${reconcileVerdict(result)}`, '')
  lines.push(
    '| | Resources | In sync | Drifted | Missing | Extra | Errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'
  )
  lines.push(summaryRow('Before', result.before.summary))
  if (result.after) lines.push(summaryRow('After', result.after.summary))
  lines.push('')
  if (result.actions.length > 0) {
    lines.push('| Resource | Action | Error |', '| --- | --- | --- |')
    for (const action of result.actions) {
      const error = action.error ? escapeText(action.error) : ''
      lines.push(
        `| ${codeSpan(formatResource(action))} | ${escapeText(describeAction(action, result.dryRun))} | ${error} |`
      )
    }
    lines.push('')
  }
  for (const skip of result.skipped)
    lines.push(
      `> Left alone: ${codeSpan(formatResource(skip.key), { inTable: false })}: ${escapeText(skip.reason)}`
    )
  return `${lines.join('\n').trimEnd()}\n`
}
