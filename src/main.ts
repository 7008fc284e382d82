// The GitHub Action: read inputs, run the check, write the job summary, the
// report files and the outputs. Failures never lose the report.
import * as core from '@actions/core'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readActionInputs } from './config/action-inputs.ts'
import { exitCodeOf, runCheck } from './engine/check.ts'
import { toJson } from './report/json.ts'
import { toMarkdown } from './report/markdown.ts'

/** GitHub drops a job summary over 1 MiB; stay well below it. */
const SUMMARY_LIMIT = 1_000_000

export async function run(): Promise<void> {
  const workDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'kube-drift-'))
  try {
    const inputs = await readActionInputs(process.env.GITHUB_WORKSPACE || process.cwd())
    let kubeconfigPath: string | undefined
    if (inputs.kubeconfig) {
      // Write the credential once, owner-only, and remove it when the step ends.
      kubeconfigPath = join(workDir, 'kubeconfig')
      await writeFile(kubeconfigPath, inputs.kubeconfig, { mode: 0o600 })
    }
    const { report } = await core.group('kube-drift: detect', () =>
      runCheck({
        kubeconfig: { path: kubeconfigPath, context: inputs.context },
        targets: inputs.targets,
        fieldManager: inputs.fieldManager,
        concurrency: inputs.concurrency,
        cwd: inputs.workspace,
        progress: message => core.info(message)
      })
    )
    const reportDir = process.env.RUNNER_TEMP || workDir
    const jsonPath = join(reportDir, 'kube-drift-report.json')
    const markdownPath = join(reportDir, 'kube-drift-report.md')
    await writeFile(jsonPath, toJson(report))
    await writeFile(markdownPath, toMarkdown(report, {}))
    await core.summary
      .addRaw(
        toMarkdown(report, {
          maxLength: SUMMARY_LIMIT,
          fullReportHint: `The full report is ${jsonPath}.`
        })
      )
      .write()

    const s = report.summary
    const drift = s.drifted + s.missing + s.extra > 0
    core.setOutput('drift', String(drift))
    core.setOutput('drifted', String(s.drifted))
    core.setOutput('missing', String(s.missing))
    core.setOutput('extra', String(s.extra))
    core.setOutput('errors', String(s.errors))
    core.setOutput('report-json', jsonPath)
    core.setOutput('report-markdown', markdownPath)

    const code = exitCodeOf(report)
    if (code === 1) core.setFailed(`kube-drift: ${s.errors} resource(s) could not be compared`)
    else if (drift && inputs.failOnDrift) {
      core.setFailed(`kube-drift: drift in ${s.drifted + s.missing + s.extra} resource(s)`)
    } else if (drift)
      core.warning(`kube-drift: drift in ${s.drifted + s.missing + s.extra} resource(s)`)
  } catch (error) {
    core.setFailed(`kube-drift: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}
