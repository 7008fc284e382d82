// The step's outputs, job summary and report files, the same on every event so
// later steps (and the upload-artifact step of the README) can rely on them.
// Each is an edge where text leaves kube-drift: all of it is scrubbed of the
// run's secrets here.
import * as core from '@actions/core'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AdoptOutcome } from '../adopt/types.ts'
import { driftCount } from '../report/format.ts'
import { toJson } from '../report/json.ts'
import { toMarkdown } from '../report/markdown.ts'
import type { DriftReport } from '../types.ts'
import { secrets } from '../util/secret-scrubber.ts'
import { ARTIFACT_NAME } from './bodies.ts'

export interface ReportFiles {
  json: string
  markdown: string
}

/** Writes the full reports (no length limit) where the runner keeps them for the job. */
export async function writeReportFiles(
  report: DriftReport,
  markdownPrefix = ''
): Promise<ReportFiles> {
  const markdown = markdownPrefix + toMarkdown(report, { maxLength: Number.POSITIVE_INFINITY })
  // Not the step's scratch folder: that is removed when the step ends.
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), ARTIFACT_NAME)
  await mkdir(dir, { recursive: true })
  const files = {
    json: join(dir, `${ARTIFACT_NAME}.json`),
    markdown: join(dir, `${ARTIFACT_NAME}.md`)
  }
  await writeFile(files.json, secrets.scrub(toJson(report)))
  await writeFile(files.markdown, secrets.scrub(markdown))
  return files
}

/** Appends to the job summary (GITHUB_STEP_SUMMARY). */
export async function writeSummary(markdown: string): Promise<void> {
  await core.summary.addRaw(secrets.scrub(markdown)).write()
}

function setOutput(name: string, value: string): void {
  core.setOutput(name, secrets.scrub(value))
}

export function setReportOutputs(report: DriftReport, files: ReportFiles): void {
  const s = report.summary
  setOutput('drift', String(driftCount(s) > 0))
  setOutput('drifted', String(s.drifted))
  setOutput('missing', String(s.missing))
  setOutput('extra', String(s.extra))
  setOutput('errors', String(s.errors))
  setOutput('report-json', files.json)
  setOutput('report-markdown', files.markdown)
}

export function setPublishOutputs(commentUrl: string | undefined, issueNumbers: number[]): void {
  setOutput('comment-url', commentUrl ?? '')
  // One target per job (the matrix) gives one number; several targets give a comma list.
  setOutput('issue-number', issueNumbers.join(','))
}

/** mode: adopt: the whole adoption report (not cut), where writeReportFiles puts its reports. */
export async function writeAdoptReportFile(markdown: string): Promise<string> {
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), ARTIFACT_NAME)
  await mkdir(dir, { recursive: true })
  const file = join(dir, `${ARTIFACT_NAME}-adopt.md`)
  await writeFile(file, secrets.scrub(markdown))
  setOutput('report-markdown', file)
  return file
}

/**
 * mode: adopt. The pull requests (comma lists with several targets; a closed
 * one is listed, as the issue this run closed is), and drift as what is left
 * to adopt or could not be: `drift` when any target has any, `errors` the
 * resources the check could not compare.
 */
export function setAdoptOutputs(
  outcomes: AdoptOutcome[],
  results: { action: string; url?: string; number?: number }[]
): void {
  // A declined pull request is somebody's closed one, not this run's.
  const listed = results.filter(
    result => result.number !== undefined && result.action !== 'declined'
  )
  setOutput('pull-request-url', listed.map(result => result.url ?? '').join(','))
  setOutput('pull-request-number', listed.map(result => String(result.number)).join(','))
  const left = outcomes.some(
    outcome =>
      outcome.files.length +
        outcome.failed.length +
        outcome.suggestions.length +
        outcome.skipped.length >
      0
  )
  setOutput('drift', String(left))
  setOutput('errors', String(outcomes.reduce((count, outcome) => count + outcome.errors.length, 0)))
}

/** The targets' names as JSON, for a first job to build a matrix from (`fromJSON`). */
export function setTargetsOutput(names: string[]): void {
  setOutput('targets', JSON.stringify(names))
}
