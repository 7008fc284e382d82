// mode: detect. Check the targets, on a pull request also its base commit,
// then write the job summary, the report files and the outputs BEFORE
// publishing to GitHub, so a refused or failed write never loses the report.
import * as core from '@actions/core'
import { maskKeyForSource } from '../cluster/mask-key.ts'
import type { ActionInputs } from './action-inputs.ts'
import { runCheck, type CheckOptions } from '../engine/check.ts'
import { stoppedRunReport } from '../engine/stopped-run.ts'
import { actionVerdict } from '../report/verdict.ts'
import type { Verdict } from '../report/verdict.ts'
import type { DriftReport } from '../types.ts'
import { annotateDrift } from './annotations.ts'
import { compareWithBase } from './base-comparison.ts'
import { summaryBody } from './bodies.ts'
import { logVerdicts } from './log-verdicts.ts'
import { setPublishOutputs, setReportOutputs, writeReportFiles, writeSummary } from './outputs.ts'
import { publishReport, type PublishSettings } from './publish.ts'
import { withIssueHistory } from './report-history.ts'
import { PULL_REQUEST_EVENTS, type RunContext } from './run-context.ts'
import type { WorkDir } from './work-dir.ts'

export async function runDetectStep(
  inputs: ActionInputs,
  run: RunContext,
  dir: WorkDir
): Promise<void> {
  const kubeconfig = {
    path: inputs.kubeconfig ? await dir.writeKubeconfig(inputs.kubeconfig) : undefined,
    context: inputs.context
  }
  const check: Omit<CheckOptions, 'targets' | 'cwd'> = {
    kubeconfig,
    fieldManager: inputs.fieldManager,
    concurrency: inputs.concurrency,
    // One key for the head and the base run, so masked Secret changes compare exactly.
    // A kubeconfig that does not load fails the check itself, which reports the reason.
    maskKey: await maskKeyForSource({
      ...kubeconfig,
      context: inputs.targets[0]?.context ?? kubeconfig.context
    }).catch(() => undefined),
    progress: message => core.info(message)
  }
  let report: DriftReport
  try {
    report = await core.group('kube-drift: render and compare', async () => {
      const result = await runCheck({ ...check, targets: inputs.targets, cwd: inputs.workspace })
      return result.report
    })
  } catch (error) {
    // Nothing was compared: say so where people look (summary, outputs, the issue
    // kept open with the reason), then fail the step as before.
    await reportStoppedRun(inputs, run, (error as Error).message)
    throw error
  }
  const baseSha = run.pullRequest?.baseSha
  if (baseSha) {
    report = await core.group(
      `kube-drift: compare with the base commit ${baseSha.slice(0, 7)}`,
      () =>
        compareWithBase(report, {
          baseSha,
          workspace: inputs.workspace,
          scratch: dir.path,
          targetRequest: inputs.targetRequest,
          check
        })
    )
  }

  logVerdicts(report)
  // In the PR's diff view, on the manifest lines (before conclude's own warning).
  if (PULL_REQUEST_EVENTS.has(run.eventName)) annotateDrift(report, inputs.workspace)
  await deliver(report, inputs, run)
  // fail-on-drift: introduced fails only on drift the pull request brings.
  const { verdict, failDrift } = actionVerdict(report, inputs.failOnDrift)
  conclude(verdict, failDrift)
}

/** The summary, the report files and outputs first, then GitHub (comment, issue). */
async function deliver(report: DriftReport, inputs: ActionInputs, run: RunContext): Promise<void> {
  const settings: PublishSettings = {
    comment: inputs.comment,
    issue: inputs.issue,
    issueLabels: inputs.issueLabels,
    token: inputs.githubToken
  }
  // The drift issue's history (first seen, new, resolved) in the summary and the report files too.
  const shown = await withIssueHistory(report, run, settings)
  await writeSummary(summaryBody(shown, { run, sha: run.pullRequest?.headSha ?? run.sha }))
  setReportOutputs(shown, await writeReportFiles(shown))
  const published = await core.group('kube-drift: publish to GitHub', () =>
    publishReport(report, run, settings)
  )
  setPublishOutputs(published.commentUrl, published.issueNumbers)
}

async function reportStoppedRun(
  inputs: ActionInputs,
  run: RunContext,
  reason: string
): Promise<void> {
  const report = stoppedRunReport(inputs.targets, reason, new Date().toISOString())
  try {
    await deliver(report, inputs, run)
  } catch (error) {
    // The step fails with the run's own error; this one only explains a missing report.
    core.warning(`kube-drift: could not report the stopped run: ${(error as Error).message}`)
  }
}

/** The step's end, from the run's verdict: errors always fail it; drift fails it only with fail-on-drift. */
export function conclude(verdict: Verdict, failOnDrift: boolean): void {
  const message = `kube-drift: ${verdict.message}`
  if (verdict.code === 1) core.setFailed(message)
  else if (verdict.code === 2 && failOnDrift) core.setFailed(message)
  else if (verdict.code === 2) core.warning(message)
  else core.info(message)
}
