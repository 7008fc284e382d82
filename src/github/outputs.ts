// The step's outputs and report files, the same on every event so later steps
// (and the upload-artifact step of the README) can rely on them.
import * as core from '@actions/core'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { driftCount } from '../report/format.ts'
import { toJson } from '../report/json.ts'
import { toMarkdown } from '../report/markdown.ts'
import type { DriftReport } from '../types.ts'
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
  await writeFile(files.json, toJson(report))
  await writeFile(files.markdown, markdown)
  return files
}

export function setReportOutputs(report: DriftReport, files: ReportFiles): void {
  const s = report.summary
  core.setOutput('drift', String(driftCount(s) > 0))
  core.setOutput('drifted', String(s.drifted))
  core.setOutput('missing', String(s.missing))
  core.setOutput('extra', String(s.extra))
  core.setOutput('errors', String(s.errors))
  core.setOutput('report-json', files.json)
  core.setOutput('report-markdown', files.markdown)
}

export function setPublishOutputs(commentUrl: string | undefined, issueNumbers: number[]): void {
  core.setOutput('comment-url', commentUrl ?? '')
  // One target per job (the matrix) gives one number; several targets give a comma list.
  core.setOutput('issue-number', issueNumbers.join(','))
}

/** The targets' names as JSON, for a first job to build a matrix from (`fromJSON`). */
export function setTargetsOutput(names: string[]): void {
  core.setOutput('targets', JSON.stringify(names))
}
