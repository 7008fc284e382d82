// mode: adopt. Refused on pull-request events before anything else; then the
// engine computes, per target, the files with the live values written in
// (without writing the workspace: the commit is made through the API), the
// job summary and outputs are written BEFORE GitHub is asked for anything, and
// each target gets its pull request (adopt-publish.ts). A dry run stops after
// the summary. The exit code is the adoption's verdict (report/verdict.ts).
import * as core from '@actions/core'
import { runAdopt, type AdoptOutcome } from '../adopt/index.ts'
import { maskKeyForSource } from '../cluster/mask-key.ts'
import { adoptToMarkdown } from '../report/adopt-markdown.ts'
import { adoptVerdict, type Verdict } from '../report/verdict.ts'
import type { ActionInputs } from './action-inputs.ts'
import type { AdoptPullRequestResult } from './adopt-pull-request.ts'
import { publicationOf } from './adopt-outcome.ts'
import { AdoptPublishError, publishAdoptions, refuseAdoptOn } from './adopt-publish.ts'
import { cutLines, SUMMARY_BYTE_LIMIT } from './bodies.ts'
import { conclude } from './detect-step.ts'
import { setAdoptOutputs, writeAdoptReportFile, writeSummary } from './outputs.ts'
import type { RunContext } from './run-context.ts'
import type { WorkDir } from './work-dir.ts'

export async function runAdoptStep(
  inputs: ActionInputs,
  run: RunContext,
  dir: WorkDir
): Promise<void> {
  refuseAdoptOn(run.eventName)
  if (!inputs.dryRun && !inputs.githubToken) {
    throw new Error('mode: adopt needs a github-token (the default is the workflow token)')
  }
  if (!inputs.dryRun && !run.sha) {
    throw new Error('GITHUB_SHA is not set: no commit to put the adoption on')
  }
  const kubeconfig = {
    path: inputs.kubeconfig ? await dir.writeKubeconfig(inputs.kubeconfig) : undefined,
    context: inputs.context
  }
  const outcomes = await core.group(
    `kube-drift: adopt${inputs.dryRun ? ' (dry run)' : ''}`,
    async () =>
      runAdopt({
        kubeconfig,
        targets: inputs.targets,
        fieldManager: inputs.fieldManager,
        concurrency: inputs.concurrency,
        cwd: inputs.workspace,
        workspace: inputs.workspace,
        maskKey: await maskKeyForSource({
          ...kubeconfig,
          context: inputs.targets[0]?.context ?? kubeconfig.context
        }).catch(() => undefined),
        progress: message => core.info(message),
        dryRun: inputs.dryRun,
        // The files go into the pull request's commit, not into the runner's checkout.
        write: false
      })
  )
  // The whole adoption in the summary and the report file (before GitHub is asked
  // for anything); each target's own part is its pull request's body.
  const report = adoptToMarkdown(outcomes)
  await writeSummary(
    cutLines(
      report,
      SUMMARY_BYTE_LIMIT,
      "each target's pull request has its own part of the report."
    )
  )
  await writeAdoptReportFile(report)
  const reports = outcomes.map(outcome => adoptToMarkdown([outcome]))
  let results: AdoptPullRequestResult[] = []
  let failure: unknown
  if (!inputs.dryRun) {
    results = await core.group('kube-drift: adopt pull requests', async () => {
      const synced = await publishAdoptions(
        outcomes.map((outcome, index) => publicationOf(outcome, reports[index] ?? '')),
        run,
        { token: inputs.githubToken }
      ).catch((error: unknown) => {
        // The other targets' pull requests still reach the summary and outputs.
        failure = error
        return error instanceof AdoptPublishError ? error.results : []
      })
      for (const result of synced) {
        core.info(
          `${result.target}: pull request ${result.action}${result.url ? ` ${result.url}` : ''}`
        )
      }
      return synced
    })
    if (results.length > 0) await writeSummary(pullRequestLines(results))
  }
  setAdoptOutputs(outcomes, results)
  if (failure !== undefined) throw failure
  conclude(stepVerdict(outcomes, results), inputs.failOnDrift !== false)
}

/**
 * The adoption's verdict (report/verdict.ts); when it passes and pull requests
 * carry the files, the message says where they are instead of "not written".
 */
function stepVerdict(outcomes: AdoptOutcome[], results: AdoptPullRequestResult[]): Verdict {
  const verdict = adoptVerdict(outcomes)
  const proposed = results.filter(result =>
    ['created', 'updated', 'unchanged'].includes(result.action)
  )
  if (verdict.code !== 0 || proposed.length === 0) return verdict
  const fields = outcomes.reduce((sum, o) => sum + o.adopted.length + o.extras.length, 0)
  const files = outcomes.reduce((sum, o) => sum + o.files.length, 0)
  const where = proposed.map(result => `#${result.number}`).join(', ')
  return {
    code: 0,
    message: `${fields} field(s) in ${files} file(s) to adopt: proposed in ${where}`
  }
}

/** One line per target under the report: where its pull request is. */
function pullRequestLines(results: AdoptPullRequestResult[]): string {
  const lines = results.map(result => {
    const link = result.url ? `[#${result.number}](${result.url})` : ''
    const what: Record<AdoptPullRequestResult['action'], string> = {
      created: `pull request ${link} opened`,
      updated: `pull request ${link} updated`,
      unchanged: `pull request ${link} is up to date`,
      closed: `pull request ${link} closed: nothing left to commit`,
      kept: `pull request ${link} left as it was (the check had errors)`,
      declined: `pull request ${link} was closed without merging this adoption: not proposed again`,
      none: 'no pull request: nothing to adopt'
    }
    return `- \`${result.target}\`: ${what[result.action]}`
  })
  return `\n**Adopt pull requests**\n\n${lines.join('\n')}\n`
}
