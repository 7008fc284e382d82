// The Markdown report, for the pull-request comment, the drift issue and the
// job summary. It must fit GitHub's limits (65,536 characters for a comment or
// issue body, 1 MiB for a job summary): when it does not, whole <details>
// blocks are left out from the end, then whole resources' table rows, and a
// visible note says so; the pull request's own drift is the last to go. Nothing
// is ever cut inside a table row or a code fence.
import type { SeenBefore } from '../drift/lifecycle/suggestions.ts'
import type { DriftReport, SourceRef } from '../types.ts'
import {
  buildMarkdownDocument,
  type Droppable,
  type MarkdownDocument,
  type MarkdownSection
} from './markdown-blocks.ts'
import { plural } from './format.ts'
import { escapeText } from './markdown-text.ts'

export interface MarkdownOptions {
  /** the first words of the title line; default `kube-drift`. */
  title?: string
  /** the URL of a source file and line (at the commit), for the Source column. */
  sourceLink?: (source: SourceRef) => string | undefined
  /** the most characters the result may have; default 65,536 (a comment or issue body). */
  maxLength?: number
  /** Markdown saying where the full report is (job summary, artifact), shown when the report is cut. */
  fullReportHint?: string
  /** relative times (`3 h ago`) by default; absolute for a body kept unchanged for days (the issue). */
  times?: 'relative' | 'absolute'
  /** false leaves the time of the check out (the issue: kept unchanged while the drift is). */
  checkedAt?: boolean
  /** with a history: mark new the fields first seen at this time (the issue's last change). */
  newAt?: string
  /** for the suggested ignore rules: whether a change was seen in earlier runs (drift/lifecycle/suggestions.ts). */
  seenBefore?: SeenBefore
}

export const GITHUB_COMMENT_LIMIT = 65_536

export function toMarkdown(report: DriftReport, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT
  const document = buildMarkdownDocument(report, {
    title: options.title ?? 'kube-drift',
    sourceLink: options.sourceLink,
    times: options.times,
    checkedAt: options.checkedAt,
    newAt: options.newAt,
    seenBefore: options.seenBefore
  })
  const totals = countParts(document)
  const render = (keep: Kept): string =>
    renderDocument(document, keep, totals, options.fullReportHint)
  const fits = (keep: Kept): boolean => render(keep).length <= maxLength

  const everything = { details: totals.details, rows: totals.rows }
  if (fits(everything)) return render(everything)
  // Fewer kept parts always mean a shorter text, so the most that fit is found by bisection.
  if (fits({ details: 0, rows: totals.rows })) {
    const details = largestFitting(totals.details, count =>
      fits({ details: count, rows: totals.rows })
    )
    return render({ details, rows: totals.rows })
  }
  if (fits({ details: 0, rows: 0 })) {
    const rows = largestFitting(totals.rows, count => fits({ details: 0, rows: count }))
    return render({ details: 0, rows })
  }
  return tooLongForAnything(report, options, maxLength)
}

/** How many of the table rows and <details> blocks, counted through all targets in order, are kept. */
interface Kept {
  rows: number
  details: number
}

function countParts(document: MarkdownDocument): Kept {
  const sum = (pick: (section: MarkdownSection) => unknown[]): number =>
    document.sections.reduce((total, section) => total + pick(section).length, 0)
  return { rows: sum(section => section.rows), details: sum(section => section.details) }
}

/** The largest count in [0, max - 1] that fits, knowing that 0 fits and max does not. */
function largestFitting(max: number, fits: (count: number) => boolean): number {
  let low = 0
  let high = max - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (fits(middle)) low = middle
    else high = middle - 1
  }
  return low
}

function renderDocument(
  document: MarkdownDocument,
  keep: Kept,
  totals: Kept,
  hint?: string
): string {
  const blocks = [...document.head]
  const cut = cutNote(totals.details - keep.details, totals.rows - keep.rows, hint)
  if (cut) blocks.push(cut)
  const rowsKept = keptParts(document, section => section.rows, keep.rows)
  const detailsKept = keptParts(document, section => section.details, keep.details)
  for (const section of document.sections) {
    blocks.push(...section.intro)
    const rows = section.rows.filter(row => rowsKept.has(row))
    if (rows.length > 0) {
      blocks.push([section.tableHead, ...rows.map(row => row.text)].join('\n'))
    }
    const hiddenRows = section.rows.length - rows.length
    if (hiddenRows > 0) {
      blocks.push(`_${hiddenRows} more ${plural(hiddenRows, 'resource')} not in sync, not shown._`)
    }
    blocks.push(...section.notes)
    blocks.push(...section.details.filter(detail => detailsKept.has(detail)).map(d => d.text))
  }
  return `${blocks.join('\n\n')}\n`
}

/**
 * The `count` parts that stay: the pull request's own (introduced) first, through
 * all targets, then the others in their order; so the PR's diffs are the last to go.
 */
function keptParts(
  document: MarkdownDocument,
  pick: (section: MarkdownSection) => Droppable[],
  count: number
): Set<Droppable> {
  const all = document.sections.flatMap(pick)
  const ranked = [...all.filter(part => part.introduced), ...all.filter(part => !part.introduced)]
  return new Set(ranked.slice(0, count))
}

function cutNote(hiddenDetails: number, hiddenRows: number, hint?: string): string | undefined {
  if (hiddenDetails === 0 && hiddenRows === 0) return undefined
  const parts = []
  if (hiddenDetails > 0) parts.push(`${hiddenDetails} resource ${plural(hiddenDetails, 'diff')}`)
  if (hiddenRows > 0) parts.push(`${hiddenRows} ${plural(hiddenRows, 'resource')} of the table`)
  const verb = hiddenDetails + hiddenRows === 1 ? 'is' : 'are'
  return `> ⚠️ The report was cut: ${parts.join(' and ')} ${verb} not shown.${hint ? ` ${hint}` : ''}`
}

/** Even the title and summary do not fit: say so in as few words as possible. */
function tooLongForAnything(
  report: DriftReport,
  options: MarkdownOptions,
  maxLength: number
): string {
  const lines = [
    `### ${escapeText(options.title ?? 'kube-drift')}: the report is too long to show here.`,
    ...(options.fullReportHint ? [options.fullReportHint] : []),
    `${report.summary.resources} resources, ${report.summary.drifted} drifted, ${report.summary.missing} missing, ${report.summary.extra} extra, ${report.summary.errors} errors.`
  ]
  return `${lines.join('\n\n')}\n`.slice(0, maxLength)
}
