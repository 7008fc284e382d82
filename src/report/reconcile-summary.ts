// What a reconciliation did, in words shared by its Markdown and text forms.
import type { ReconcileAction, ReconcileResult } from '../reconcile/types.ts'

const VERB: Record<ReconcileAction['action'], [done: string, would: string]> = {
  create: ['created', 'would create'],
  update: ['updated', 'would update'],
  prune: ['pruned', 'would prune']
}

export function reconcileVerdict(result: ReconcileResult): string {
  if (result.failed > 0) return `❌ ${result.failed} of ${result.actions.length} changes failed`
  if (result.dryRun) {
    // The plan rests on the check before it: a resource it could not compare is no "nothing to change".
    const errors = result.before.summary.errors
    if (errors > 0) {
      return `❌ dry run: ${errors} resource(s) could not be checked, so the plan may be incomplete`
    }
    return result.actions.length === 0 && result.skipped.length === 0
      ? '✅ nothing to change'
      : `📝 dry run: ${result.actions.length} change(s) planned, nothing applied`
  }
  const after = result.after?.summary
  const left = after ? after.drifted + after.missing + after.extra + after.errors : 0
  if (left > 0)
    return `⚠️ ${result.actions.length} change(s) applied, ${left} resource(s) still not in sync`
  return result.actions.length === 0
    ? '✅ already in sync, nothing applied'
    : `✅ in sync after ${result.actions.length} change(s)`
}

export function describeAction(action: ReconcileAction, dryRun: boolean): string {
  const [done, would] = VERB[action.action]
  const verb = action.outcome === 'failed' ? `failed to ${action.action}` : dryRun ? would : done
  const removed =
    action.removedFields.length > 0 ? ` (removed ${action.removedFields.join(', ')})` : ''
  return `${verb}${removed}`
}
