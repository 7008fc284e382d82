// Builds the parts of the Markdown report as separate blocks, so that the
// length limit can leave out whole resources and whole <details> blocks and
// never cut inside a table row or a code fence. The table is made to fit a
// GitHub comment (about 900 px): three columns, one table line per change with
// who and when beside it, the source link under the resource's name.
import type {
  DriftReport,
  DriftSummary,
  FieldChange,
  ResourceResult,
  SourceRef,
  TargetReport
} from '../types.ts'
import { formatResource } from '../util/resource-identity.ts'
import {
  COMPARISON_LABEL,
  DIRECTION_LABEL,
  ORIGIN_BADGE,
  PULL_REQUEST_WHO,
  STATUS_SYMBOL,
  changedValues,
  formatTime,
  formatValue,
  isInSync,
  isPullRequestChange,
  legendItems,
  managerOf,
  plural,
  pointerToPath,
  relativeTime,
  statusBadge,
  truncate,
  verdictOf,
  verdictText,
  type OverallVerdict
} from './format.ts'
import type { SeenBefore } from '../drift/lifecycle/suggestions.ts'
import { summarize } from '../drift/summary.ts'
import { codeSpan, escapeCell, escapeHtml, escapeText, fencedBlock, link } from './markdown-text.ts'
import { nextStepsBlock } from './next-steps.ts'
import { SEVERITY_SYMBOL, madeBy, severityLegend } from './severity.ts'
import { suggestionsBlock } from './suggestions.ts'
import { introducedFirst, isIntroduced, pullRequestLine, sortForReview } from './origin.ts'
import { firstSeenMarkdown } from './history.ts'

export interface MarkdownBlockOptions {
  title: string
  sourceLink?: (source: SourceRef) => string | undefined
  /**
   * relative (`3 h ago`, the exact time on hover) for a body read soon after the run (a
   * pull-request comment); absolute (`Nov 20 03:12`) for one kept unchanged while the
   * drift is (the issue), where a relative time would go stale.
   */
  times?: 'relative' | 'absolute'
  /** false leaves the time of the check out of the title (a body kept while unchanged). */
  checkedAt?: boolean
  /** with a history: mark new the fields first seen at this time (history.ts isNew). */
  newAt?: string
  /** whether a change was there in earlier runs (the state); absent: suggestions say "this run only". */
  seenBefore?: SeenBefore
}

/** A part that the length limit may leave out; `introduced` ones go last. */
export interface Droppable {
  text: string
  introduced: boolean
}

export interface MarkdownSection {
  /** blocks before the table: the target's heading and what was compared. */
  intro: string[]
  /** the header and delimiter rows of the table of resources not in sync. */
  tableHead: string
  /** one per resource not in sync: its table lines (one per change). */
  rows: Droppable[]
  /** blocks after the table: the next steps and the target's notes. */
  notes: string[]
  /** one `<details>` block per resource with a diff. */
  details: Droppable[]
}

export interface MarkdownDocument {
  head: string[]
  sections: MarkdownSection[]
}

export const VERDICT_ICON: Record<OverallVerdict, string> = {
  'in-sync': STATUS_SYMBOL.InSync,
  drift: STATUS_SYMBOL.Drifted,
  error: STATUS_SYMBOL.Error
}

/** Changes listed in the table per resource; the diff below holds them all. */
const CHANGES_PER_RESOURCE = 5
const VALUE_LENGTH_IN_CELL = 32
const PATH_LENGTH_IN_CELL = 48
const ERROR_LENGTH_IN_CELL = 300

export function buildMarkdownDocument(
  report: DriftReport,
  options: MarkdownBlockOptions
): MarkdownDocument {
  const single = report.targets.length === 1
  const pullRequest = pullRequestLine(report)
  const head = [
    titleBlock(report, options.title, options.checkedAt !== false),
    ...(pullRequest ? [pullRequest] : []),
    summaryTable(report),
    legendBlock(report)
  ]
  const sections = report.targets.map(target => buildSection(report, target, single, options))
  return { head, sections }
}

/** The words before the check's time on the title's second line (github/body-compare.ts skips it). */
export const CHECKED_AT = 'checked'

function titleBlock(report: DriftReport, title: string, checkedAt: boolean): string {
  const verdict = `${VERDICT_ICON[verdictOf(report.summary)]} ${verdictText(report.summary)}`
  const names = report.targets.map(target => target.name)
  const shown = names.slice(0, 3).map(escapeText).join(', ')
  const targets = names.length > 3 ? `${shown} +${names.length - 3}` : shown
  const heading = `### ${escapeText(title)}${targets ? ` · ${targets}` : ''}: ${verdict}`
  const context: string[] = []
  if (report.cluster) {
    const version = report.cluster.version ? ` (${escapeText(report.cluster.version)})` : ''
    context.push(`cluster ${codeSpan(report.cluster.context, { inTable: false })}${version}`)
  }
  if (checkedAt) context.push(`${CHECKED_AT} ${formatTime(report.generatedAt)}`)
  if (context.length === 0) return heading + warningOf(report)
  return `${heading}\n${context.join(' · ')}${warningOf(report)}`
}

function warningOf(report: DriftReport): string {
  return report.cluster?.warning ? `\n\n> ⚠️ ${escapeText(report.cluster.warning)}` : ''
}

function summaryTable(report: DriftReport): string {
  const header =
    `| Target | Resources | ${statusBadge('InSync')} | ${statusBadge('Drifted')} | ${statusBadge('Missing')} | ${statusBadge('Extra')} | ${statusBadge('Error')} | 🔇 ignored |\n` +
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
  const rows = report.targets.map(target =>
    summaryRow(escapeText(target.name), summarize([target]))
  )
  if (report.targets.length !== 1) rows.push(summaryRow('**Total**', report.summary))
  return [header, ...rows].join('\n')
}

/** Said once per report: the symbols, and which way every change reads. */
function legendBlock(report: DriftReport): string {
  const items = [...legendItems(), `changes read ${DIRECTION_LABEL}: what applying Git would do`]
  const classified = report.targets.some(target =>
    target.resources.some(resource => resource.changes.some(change => change.severity))
  )
  if (classified) items.push(severityLegend())
  return `<sub>${items.map(escapeText).join(' · ')}</sub>`
}

function summaryRow(label: string, summary: DriftSummary): string {
  const counts = [
    summary.resources,
    summary.inSync,
    summary.drifted,
    summary.missing,
    summary.extra,
    summary.errors,
    summary.ignored
  ]
  return `| ${label} | ${counts.join(' | ')} |`
}

function buildSection(
  report: DriftReport,
  target: TargetReport,
  single: boolean,
  options: MarkdownBlockOptions
): MarkdownSection {
  const summary = summarize([target])
  const what = [
    target.renderer,
    codeSpan(target.path, { inTable: false }),
    COMPARISON_LABEL[target.comparison]
  ].join(' · ')
  const heading = `#### ${VERDICT_ICON[verdictOf(summary)]} ${escapeText(target.name)}: ${verdictText(summary)}`
  const notInSync = sortForReview(target.resources.filter(resource => !isInSync(resource)))
  const cell: CellContext = { options, now: report.generatedAt }
  const steps = nextStepsBlock(target, notInSync)
  return {
    intro: single ? [what] : [`${heading}\n${what}`],
    tableHead: `| Resource | Change (${DIRECTION_LABEL}) | By, when |\n| --- | --- | --- |`,
    rows: notInSync.map(resource => ({
      text: resourceLines(resource, cell),
      introduced: isIntroduced(resource)
    })),
    notes: [
      ...(steps ? [steps] : []),
      ...optionalBlock(suggestionsBlock(target.resources, options.seenBefore)),
      ...(target.notes.length === 0 ? [] : [notesBlock(target.notes)])
    ],
    details: notInSync
      .filter(resource => resource.diff.trim() !== '')
      .map(resource => ({ text: detailsBlock(resource), introduced: isIntroduced(resource) }))
  }
}

interface CellContext {
  options: MarkdownBlockOptions
  /** the time of the check, which relative times count back from. */
  now: string
}

function notesBlock(notes: string[]): string {
  return notes.map(note => `> ℹ️ ${escapeText(note)}`).join('\n>\n')
}

/** One table line per change, the resource named on the first; later lines leave it empty. */
function resourceLines(resource: ResourceResult, cell: CellContext): string {
  const lines = changeLines(resource, cell)
  const first = resourceCell(resource, cell.options.sourceLink)
  return lines
    .map(([change, who], index) => {
      const cells = [index === 0 ? first : '', change, who]
      return `| ${cells.map(escapeCell).join(' | ')} |`
    })
    .join('\n')
}

/** `⚠️ Deployment.apps web/api` 🆕 this PR, and under it the source link. */
function resourceCell(
  resource: ResourceResult,
  sourceLink: MarkdownBlockOptions['sourceLink']
): string {
  const origin = resource.origin ? ` **${ORIGIN_BADGE[resource.origin]}**` : ''
  const name = `${STATUS_SYMBOL[resource.status]} ${codeSpan(formatResource(resource))}${origin}`
  const source = sourceCell(resource.source, sourceLink)
  return source ? `${name}<br>${source}` : name
}

/** [change, who] per table line. */
function changeLines(resource: ResourceResult, cell: CellContext): [string, string][] {
  if (resource.status === 'Error') {
    return [[escapeText(truncate(resource.error ?? 'unknown error', ERROR_LENGTH_IN_CELL)), '—']]
  }
  const root = resource.changes.find(change => change.path === '')
  if (resource.status === 'Missing') {
    const badge = root ? severityCell(root) : ''
    return [[`${badge}not in the cluster: applying Git creates it`, whoCell(root, cell, '—')]]
  }
  if (resource.status === 'Extra') {
    // Removed from Git by this PR, or created in the cluster by someone (managedFields' first manager).
    const who =
      root === undefined || isPullRequestChange(root) || !managerOf(root)
        ? whoCell(root, cell, '—')
        : `created by ${whoCell(root, cell, '—')}`
    return [[`${root ? severityCell(root) : ''}in the cluster, not in Git`, who]]
  }
  if (resource.changes.length === 0) return [['see the diff', '—']]
  const shown = introducedFirst(resource.changes).slice(0, CHANGES_PER_RESOURCE)
  const lines: [string, string][] = shown.map(change => [
    `${severityCell(change)}${changeInCell(change)}`,
    whoCell(change, cell, '—')
  ])
  const more = resource.changes.length - shown.length
  if (more > 0) lines.push([`… and ${more} more ${plural(more, 'change')}: see the diff`, ''])
  return lines
}

/** What applying Git would do to the field: `spec.replicas` `5` → `3`. */
function changeInCell(change: FieldChange): string {
  const path = codeSpan(shortenPath(pointerToPath(change.path)))
  const value = (value: unknown): string => codeSpan(formatValue(value, VALUE_LENGTH_IN_CELL))
  switch (change.reason) {
    case 'changed': {
      const [live, desired] = changedValues(change.live, change.desired, VALUE_LENGTH_IN_CELL)
      return `${path} ${codeSpan(live)} → ${codeSpan(desired)}`
    }
    case 'missing-live':
      return change.desired === undefined
        ? 'not in the cluster'
        : `${path} absent → ${value(change.desired)}`
    case 'added-out-of-band':
      return `${path} ${value(change.live)} added in the cluster, not in Git`
    case 'removed-from-git':
      return `${path} ${value(change.live)} → absent (removed from Git)`
  }
}

/** The severity's symbol, its word and reason on hover (a narrow cell); empty when unclassified. */
function severityCell(change: FieldChange): string {
  if (change.severity === undefined) return ''
  const title = [change.severity, change.severityReason].filter(Boolean).join(': ')
  // A `|` would end the cell even inside an attribute.
  const safe = escapeHtml(title).replace(/\|/g, '&#124;')
  return `<span title="${safe}">${SEVERITY_SYMBOL[change.severity]}</span> `
}

/** Keeps the start and the end of a long path, which say the most. */
function shortenPath(path: string): string {
  if (path.length <= PATH_LENGTH_IN_CELL) return path
  const keep = PATH_LENGTH_IN_CELL - 1
  const head = Math.ceil(keep / 2)
  return `${path.slice(0, head)}…${path.slice(path.length - (keep - head))}`
}

/** `kubectl-scale · 3 h ago` (exact time on hover), or `this PR` for the PR's own change. */
function whoCell(change: FieldChange | undefined, cell: CellContext, unknown: string): string {
  if (change === undefined) return unknown
  if (isPullRequestChange(change)) return `🆕 ${PULL_REQUEST_WHO}`
  const manager = madeBy(change, managerOf(change))
  const when = change.time ? timeHtml(change.time, cell) : undefined
  const parts = [manager ? escapeText(manager) : undefined, when].filter(Boolean)
  const who = parts.length > 0 ? parts.join(' · ') : unknown
  // With a history, since when (and whether new) under who and when.
  const seen = firstSeenMarkdown(change, cell.now, cell.options.newAt)
  return seen ? `${who}<br>${seen}` : who
}

/**
 * GitHub keeps `<span title>` (its sanitizer allows `title` on every element it
 * keeps, span included), so the exact time shows on hover.
 */
export function timeHtml(time: string, cell: CellContext): string {
  const exact = formatTime(time)
  const shown = cell.options.times === 'absolute' ? shortTime(time) : relativeTime(time, cell.now)
  if (shown === undefined || shown === exact) return escapeText(exact)
  return `<span title="${escapeHtml(exact)}">${escapeHtml(shown)}</span>`
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `Nov 20 03:12` (UTC): short, and true however long the body stays unchanged. */
function shortTime(time: string): string | undefined {
  const date = new Date(time)
  if (Number.isNaN(date.getTime())) return undefined
  const hours = String(date.getUTCHours()).padStart(2, '0')
  const minutes = String(date.getUTCMinutes()).padStart(2, '0')
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${hours}:${minutes}`
}

function sourceCell(
  source: SourceRef | undefined,
  sourceLink: MarkdownBlockOptions['sourceLink']
): string | undefined {
  if (!source) return undefined
  // The file name, not its path: the column stays narrow; the link holds the rest.
  const base = (path: string): string => path.split('/').at(-1) ?? path
  const label = source.template ? base(source.template) : `${base(source.file)}:${source.line}`
  const url = sourceLink?.(source)
  return url ? link(escapeText(label), url) : codeSpan(label)
}

function detailsBlock(resource: ResourceResult): string {
  const count = resource.changes.filter(change => change.path !== '').length
  const changes = count > 0 ? ` · ${count} ${plural(count, 'change')}` : ''
  const origin = resource.origin ? ` · ${ORIGIN_BADGE[resource.origin]}` : ''
  const status = statusBadge(resource.status)
  const summary = `${escapeHtml(status)}: <code>${escapeHtml(formatResource(resource))}</code>${changes}${escapeHtml(origin)}`
  // The blank lines let GitHub read the fence as Markdown inside the HTML block.
  return `<details><summary>${summary}</summary>\n\n${fencedBlock(resource.diff, 'diff')}\n\n</details>`
}

function optionalBlock(block: string | undefined): string[] {
  return block === undefined ? [] : [block]
}
