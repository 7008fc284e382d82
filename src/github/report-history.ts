// The drift issue's history in the action's own outputs too: before the job
// summary and the report files are written (detect-step.ts writes them before
// publishing, so a refused write never loses them), the open issue of each
// target is read and its history merged into a copy of the report, so the JSON
// report (`report-json`) carries `firstSeen` and `lifecycle` per change and
// the summary shows them. Reading only: publishing merges and writes again.
// Any failure leaves the report as it is; publishing says what went wrong.
import * as core from '@actions/core'
import { reportOfTarget } from '../report/target-report.ts'
import type { DriftReport } from '../types.ts'
import { createGitHubRepo, tokenIdentity } from './client.ts'
import { findOpenIssue } from './drift-issue.ts'
import { issueHistory } from './issue-history.ts'
import { issueMarker } from './markers.ts'
import { wantsIssue, type PublishSettings } from './publish.ts'
import type { RunContext } from './run-context.ts'

export async function withIssueHistory(
  report: DriftReport,
  run: RunContext,
  settings: PublishSettings
): Promise<DriftReport> {
  if (!wantsIssue(run, settings.issue) || !settings.token) return report
  try {
    const github = createGitHubRepo(
      settings.token,
      run.apiUrl,
      run.owner,
      run.repo,
      settings.client
    )
    const isOwn = await tokenIdentity(github)
    const targets = []
    for (const target of report.targets) {
      const marker = issueMarker(target.name)
      const open = await findOpenIssue(github, { marker, labels: settings.issueLabels, isOwn })
      // No open issue: the one publishing creates starts the history with this run.
      const current = open ? (open.body ?? '') : undefined
      const merged = issueHistory(reportOfTarget(report, target), marker, current).report
      targets.push(merged.targets[0] ?? target)
    }
    return { ...report, targets }
  } catch (error) {
    core.info(
      `kube-drift: the drift history was not read for the report files: ${(error as Error).message}`
    )
    return report
  }
}
