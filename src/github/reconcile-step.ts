// mode: reconcile. The engine refuses pull-request events unless allowed and
// prune without a selector; this step reports what it did (job summary,
// outputs, files) and publishes the state AFTER it, so the nightly issue is
// closed by a reconciliation that brought the cluster back in sync.
import * as core from '@actions/core'
import type { ActionInputs } from './action-inputs.ts'
import { runReconcile } from '../reconcile/index.ts'
import { reconcileToMarkdown } from '../report/reconcile-markdown.ts'
import { actionVerdict, reconcileVerdict } from '../report/verdict.ts'
import { cutLines, fullReportHint, SUMMARY_BYTE_LIMIT, summaryBody } from './bodies.ts'
import { conclude } from './detect-step.ts'
import { setPublishOutputs, setReportOutputs, writeReportFiles, writeSummary } from './outputs.ts'
import { publishReport } from './publish.ts'
import type { RunContext } from './run-context.ts'
import type { WorkDir } from './work-dir.ts'

export async function runReconcileStep(
  inputs: ActionInputs,
  run: RunContext,
  dir: WorkDir
): Promise<void> {
  const kubeconfigPath = inputs.kubeconfig
    ? await dir.writeKubeconfig(inputs.kubeconfig)
    : undefined
  const result = await core.group(`kube-drift: reconcile${inputs.dryRun ? ' (dry run)' : ''}`, () =>
    runReconcile({
      kubeconfig: { path: kubeconfigPath, context: inputs.context },
      targets: inputs.targets,
      fieldManager: inputs.fieldManager,
      concurrency: inputs.concurrency,
      cwd: inputs.workspace,
      progress: message => core.info(message),
      dryRun: inputs.dryRun,
      prune: inputs.prune,
      forceConflicts: inputs.forceConflicts,
      event: run.eventName,
      allowOnPullRequest: inputs.allowOnPullRequest
    })
  )
  // A dry run has no "after": its report is the plan.
  const final = result.after ?? result.before
  const actions = reconcileToMarkdown(result)
  const context = { run, sha: run.pullRequest?.headSha ?? run.sha }
  // The actions take at most half of the summary; the report gets the rest.
  const head = cutLines(actions, SUMMARY_BYTE_LIMIT / 2, fullReportHint(run, 'summary'))
  const rest = SUMMARY_BYTE_LIMIT - Buffer.byteLength(head, 'utf8') - 1
  await writeSummary(`${head}\n${summaryBody(final, context, rest)}`)
  setReportOutputs(final, await writeReportFiles(final, `${actions}\n`))
  const published = await core.group('kube-drift: publish to GitHub', () =>
    publishReport(final, run, {
      comment: inputs.comment,
      issue: inputs.issue,
      issueLabels: inputs.issueLabels,
      token: inputs.githubToken
    })
  )
  setPublishOutputs(published.commentUrl, published.issueNumbers)
  // A failed apply fails the step; else the state left behind (or, for a dry run, found) decides.
  // No pull request here, so no drift is known to predate one: introduced counts all of it;
  // a severity threshold counts only drift that severe.
  const after = actionVerdict(
    final,
    inputs.failOnDrift === 'introduced' ? true : inputs.failOnDrift
  )
  conclude(result.failed > 0 ? reconcileVerdict(result) : after.verdict, after.failDrift)
}
