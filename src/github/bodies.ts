// The texts kube-drift writes to GitHub: the pull-request comment, the drift
// issue, the closing comment, the job summary. Each fits GitHub's limit; a
// report too long is cut per resource by toMarkdown, with a note saying where
// the full report is.
import type { SeenBefore } from '../drift/lifecycle/suggestions.ts'
import { driftCount, formatTime } from '../report/format.ts'
import { GITHUB_COMMENT_LIMIT, toMarkdown } from '../report/markdown.ts'
import type { DriftReport, SourceRef } from '../types.ts'
import { AGES_PREFIX, LAST_CHANGED_PREFIX } from './body-compare.ts'
import { checkedLine } from './checked-line.ts'
import { commentMarker, issueMarker, previousMarker, stateMarker } from './markers.ts'
import type { RunContext } from './run-context.ts'

/** GitHub drops a job summary over 1 MiB (bytes); leave room for other steps' lines. */
export const SUMMARY_BYTE_LIMIT = 1_048_576 - 16_384
export const ARTIFACT_NAME = 'kube-drift-report'

export interface BodyContext {
  run: RunContext
  /** the commit source links point at. */
  sha?: string
}

/** Where the full report is, for the note of a cut report. */
export function fullReportHint(run: RunContext, where: 'comment' | 'summary'): string {
  const artifact = `the \`${ARTIFACT_NAME}\` artifact when the workflow uploads the report files (outputs \`report-json\`, \`report-markdown\`)`
  if (where === 'summary') return `The full report is in ${artifact}.`
  const summary = run.runUrl ? `the [job summary](${run.runUrl})` : 'the job summary'
  return `The full report is in ${summary} and in ${artifact}.`
}

export function sourceLinker(context: BodyContext): ((source: SourceRef) => string) | undefined {
  const { run, sha } = context
  if (!sha || !run.owner) return undefined
  return source => {
    const path = source.file.split('/').map(encodeURIComponent).join('/')
    return `${run.serverUrl}/${run.owner}/${run.repo}/blob/${sha}/${path}#L${source.line}`
  }
}

/** The pull-request comment; `nowInSync` when an earlier comment reported drift that is gone. */
export function commentBody(
  report: DriftReport,
  context: BodyContext,
  options: { targets: string[]; nowInSync?: boolean }
): string {
  const checked = checkedLine(context)
  const suffix =
    (options.nowInSync
      ? '\n_Now in sync: the drift this comment reported before is gone._\n'
      : '') + (checked ? `\n${checked}\n` : '')
  const state = stateMarker(
    needsAttention(report) ? 'attention' : options.nowInSync ? 'resolved' : undefined
  )
  const marker = `${[commentMarker(options.targets), state].filter(Boolean).join('\n')}\n\n`
  const body = toMarkdown(report, {
    title: 'kube-drift',
    sourceLink: sourceLinker(context),
    maxLength: GITHUB_COMMENT_LIMIT - marker.length - suffix.length,
    fullReportHint: fullReportHint(context.run, 'comment')
  })
  return `${marker}${body}${suffix}`
}

export function issueTitle(target: string): string {
  return `kube-drift: drift in ${target}`
}

/** The drift history in the body: its block, and which fields to mark new (issue-history.ts). */
export interface BodyHistory {
  block: string
  newAt?: string
  seenBefore?: SeenBefore
}

/** The drift issue of one target; links the closed issue when drift came back. */
export function issueBody(
  report: DriftReport,
  context: BodyContext,
  target: string,
  previous: number | undefined,
  history?: BodyHistory
): string {
  const head = [issueMarker(target)]
  if (previous !== undefined) head.push(previousMarker(previous))
  // A marker line: it sits in the top block, before any text.
  if (history) head.push(history.block)
  if (previous !== undefined) {
    head.push(`> The drift is back: #${previous} was closed when the cluster was in sync.`)
  }
  const prefix = `${head.join('\n')}\n\n`
  // Not "last checked": a run that finds the same drift leaves the body as it is (body-compare.ts).
  // With a history, the ages shown are those of the body's last change: the line says when.
  const ages = history
    ? `\n${AGES_PREFIX} ${formatTime(report.generatedAt)}, when this report last changed; ✨ new: appeared when drift last appeared or went away._\n`
    : ''
  const lastChanged = context.run.runUrl
    ? `\n${LAST_CHANGED_PREFIX} [this run](${context.run.runUrl})._\n`
    : ''
  const footer = `${ages}${lastChanged}`
  const body = toMarkdown(report, {
    title: 'kube-drift',
    sourceLink: sourceLinker(context),
    maxLength: GITHUB_COMMENT_LIMIT - prefix.length - footer.length,
    // The body stays unchanged while the drift is: a relative time would go stale.
    times: 'absolute',
    checkedAt: false,
    newAt: history?.newAt,
    seenBefore: history?.seenBefore,
    fullReportHint: fullReportHint(context.run, 'comment')
  })
  return `${prefix}${body}${footer}`
}

/** Drift or errors: something to show, an issue to keep open. */
export function needsAttention(report: DriftReport): boolean {
  return driftCount(report.summary) > 0 || report.summary.errors > 0
}

/** The job summary: the full report when it fits 1 MiB, else cut per resource. */
export function summaryBody(
  report: DriftReport,
  context: BodyContext,
  maxBytes: number = SUMMARY_BYTE_LIMIT
): string {
  const render = (maxLength: number): string =>
    toMarkdown(report, {
      title: 'kube-drift',
      sourceLink: sourceLinker(context),
      maxLength,
      fullReportHint: fullReportHint(context.run, 'summary')
    })
  return fitBytes(render, maxBytes)
}

/** Whole lines of `text` up to `maxBytes` (a table stays a table), with a note when cut. */
export function cutLines(text: string, maxBytes: number, hint: string): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  const lines = text.split('\n')
  const note = `\n> ⚠️ Cut to fit: ${hint}\n`
  let kept = ''
  for (const line of lines) {
    const next = `${kept}${line}\n`
    if (Buffer.byteLength(next + note, 'utf8') > maxBytes) break
    kept = next
  }
  return `${kept}${note}`
}

/** toMarkdown counts characters; GitHub's summary limit is in UTF-8 bytes. */
export function fitBytes(render: (maxLength: number) => string, maxBytes: number): string {
  let maxLength = maxBytes
  for (;;) {
    const text = render(maxLength)
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes <= maxBytes || maxLength < 1000) return text
    maxLength = Math.floor((maxLength * maxBytes) / bytes) - 64
  }
}
