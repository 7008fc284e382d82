// Builds the parts of the Markdown report as separate blocks, so that the
// length limit can leave out whole rows and whole <details> blocks and never
// cut inside a table row or a code fence.
import { formatResource } from '../util/resource-identity.ts'
import type {
  DriftReport,
  DriftSummary,
  FieldChange,
  ResourceResult,
  SourceRef,
  TargetReport,
  Verdict
} from '../types.ts'
import {
  COMPARISON_LABEL,
  attribution,
  formatTime,
  formatValue,
  isInSync,
  plural,
  pointerToPath,
  truncate,
  verdictOf,
  verdictText,
  type OverallVerdict
} from './format.ts'
import { summarize } from '../drift/summary.ts'
import { codeSpan, escapeCell, escapeHtml, escapeText, fencedBlock, link } from './markdown-text.ts'

export interface MarkdownBlockOptions {
  title: string
  sourceLink?: (source: SourceRef) => string | undefined
}

export interface MarkdownSection {
  /** blocks before the table: the target's heading and what was compared. */
  intro: string[]
  /** the header and delimiter rows of the table of resources not in sync. */
  tableHead: string
  rows: string[]
  /** blocks after the table: the target's notes. */
  notes: string[]
  /** one `<details>` block per resource with a diff. */
  details: string[]
}

export interface MarkdownDocument {
  head: string[]
  sections: MarkdownSection[]
}

export const VERDICT_ICON: Record<OverallVerdict, string> = {
  'in-sync': '✅',
  drift: '⚠️',
  error: '❌'
}

export const STATUS_BADGE: Record<Verdict, string> = {
  InSync: '✅ In sync',
  Drifted: '⚠️ Drifted',
  Missing: '❔ Missing',
  Extra: '➕ Extra',
  Error: '❌ Error'
}

/** Changes listed in a table cell; the diff below holds them all. */
const CHANGES_PER_CELL = 5
const VALUE_LENGTH_IN_CELL = 40
const PATH_LENGTH_IN_CELL = 60
const ERROR_LENGTH_IN_CELL = 300

export function buildMarkdownDocument(
  report: DriftReport,
  options: MarkdownBlockOptions
): MarkdownDocument {
  const single = report.targets.length === 1
  const head = [titleBlock(report, options.title), summaryTable(report)]
  const sections = report.targets.map(target => buildSection(target, single, options))
  return { head, sections }
}

function titleBlock(report: DriftReport, title: string): string {
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
  context.push(formatTime(report.generatedAt))
  const warning = report.cluster?.warning ? `\n\n> ⚠️ ${escapeText(report.cluster.warning)}` : ''
  return `${heading}\n${context.join(' · ')}${warning}`
}

function summaryTable(report: DriftReport): string {
  const header =
    '| Target | Resources | ✅ In sync | ⚠️ Drifted | ❔ Missing | ➕ Extra | ❌ Errors | 🔇 Ignored |\n' +
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
  const rows = report.targets.map(target =>
    summaryRow(escapeText(target.name), summarize([target]))
  )
  if (report.targets.length !== 1) rows.push(summaryRow('**Total**', report.summary))
  return [header, ...rows].join('\n')
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
  const notInSync = target.resources.filter(resource => !isInSync(resource))
  return {
    intro: single ? [what] : [`${heading}\n${what}`],
    tableHead:
      '| Resource | Status | Changes | By / when | Source |\n| --- | --- | --- | --- | --- |',
    rows: notInSync.map(resource => resourceRow(resource, options)),
    notes: target.notes.length === 0 ? [] : [notesBlock(target.notes)],
    details: notInSync
      .filter(resource => resource.diff.trim() !== '')
      .map(resource => detailsBlock(resource))
  }
}

function notesBlock(notes: string[]): string {
  return notes.map(note => `> ℹ️ ${escapeText(note)}`).join('\n>\n')
}

function resourceRow(resource: ResourceResult, options: MarkdownBlockOptions): string {
  const cells = [
    codeSpan(formatResource(resource)),
    STATUS_BADGE[resource.status],
    changesCell(resource),
    whoCell(resource.changes.slice(0, CHANGES_PER_CELL)),
    sourceCell(resource.source, options.sourceLink)
  ]
  return `| ${cells.map(escapeCell).join(' | ')} |`
}

function changesCell(resource: ResourceResult): string {
  if (resource.status === 'Error') {
    return escapeText(truncate(resource.error ?? 'unknown error', ERROR_LENGTH_IN_CELL))
  }
  if (resource.status === 'Missing') return 'not in the cluster'
  if (resource.status === 'Extra') return 'in the cluster, not in Git'
  if (resource.changes.length === 0) return 'see the diff'
  const shown = resource.changes.slice(0, CHANGES_PER_CELL).map(changeInCell)
  const more = resource.changes.length - shown.length
  if (more > 0) shown.push(`… and ${more} more`)
  return shown.join('<br>')
}

function changeInCell(change: FieldChange): string {
  const path = codeSpan(shortenPath(pointerToPath(change.path)))
  const value = (value: unknown): string => codeSpan(formatValue(value, VALUE_LENGTH_IN_CELL))
  switch (change.reason) {
    case 'changed':
      return `${path} ${value(change.desired)} → ${value(change.live)}`
    case 'missing-live':
      return change.desired === undefined
        ? 'not in the cluster'
        : `${path} ${value(change.desired)} → absent`
    case 'added-out-of-band':
      return `${path} added out of band: ${value(change.live)}`
    case 'removed-from-git':
      return `${path} removed from Git: ${value(change.live)}`
  }
}

/** Keeps the start and the end of a long path, which say the most. */
function shortenPath(path: string): string {
  if (path.length <= PATH_LENGTH_IN_CELL) return path
  const keep = PATH_LENGTH_IN_CELL - 1
  const head = Math.ceil(keep / 2)
  return `${path.slice(0, head)}…${path.slice(path.length - (keep - head))}`
}

function whoCell(changes: FieldChange[]): string {
  const lines = [...new Set(changes.map(attribution).filter(Boolean) as string[])]
  return lines.length > 0 ? lines.map(escapeText).join('<br>') : '—'
}

function sourceCell(
  source: SourceRef | undefined,
  sourceLink: MarkdownBlockOptions['sourceLink']
): string {
  if (!source) return '—'
  const label = source.template ?? `${source.file}:${source.line}`
  const url = sourceLink?.(source)
  return url ? link(escapeText(label), url) : codeSpan(label)
}

function detailsBlock(resource: ResourceResult): string {
  const count = resource.changes.length
  const changes = count > 0 ? ` · ${count} ${plural(count, 'change')}` : ''
  const status = STATUS_BADGE[resource.status].toLowerCase()
  const summary = `${escapeHtml(status)}: <code>${escapeHtml(formatResource(resource))}</code>${changes}`
  // The blank lines let GitHub read the fence as Markdown inside the HTML block.
  return `<details><summary>${summary}</summary>\n\n${fencedBlock(resource.diff, 'diff')}\n\n</details>`
}
