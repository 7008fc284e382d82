// What a drift issue says when its target is back in sync: the closing
// comment (when, in a time a person reads, and how long the drift lasted) and
// the body the closed issue keeps, so that nobody reading it later sees the
// last "drift in 7 of 16" and thinks it is still true. Times are the check's
// own (report.generatedAt), so the same run always writes the same words.
import { plural } from '../report/format.ts'
import type { DriftReport } from '../types.ts'
import type { BodyContext } from './bodies.ts'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `2026-12-02T12:35:18.106Z` → `2 Dec 2026, 12:35 UTC`; anything unparsable is returned as is. */
export function humanTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const hh = String(date.getUTCHours()).padStart(2, '0')
  const mm = String(date.getUTCMinutes()).padStart(2, '0')
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${hh}:${mm} UTC`
}

/** The two largest units, rounded down: `3 days 4 hours`, `2 hours 5 minutes`, `less than a minute`. */
export function humanDuration(milliseconds: number): string {
  const minutes = Math.floor(Math.max(0, milliseconds) / 60_000)
  if (minutes < 1) return 'less than a minute'
  const units: [number, string][] = [
    [Math.floor(minutes / 1440), 'day'],
    [Math.floor(minutes / 60) % 24, 'hour'],
    [minutes % 60, 'minute']
  ]
  const first = units.findIndex(([count]) => count > 0)
  return units
    .slice(first, first + 2)
    .filter(([count]) => count > 0)
    .map(([count, unit]) => `${count} ${plural(count, unit)}`)
    .join(' ')
}

/** The open issue being closed: when it was opened (GitHub's `created_at`). */
export interface ClosedIssue {
  openedAt?: string
}

function howLong(report: DriftReport, issue: ClosedIssue): string | undefined {
  if (!issue.openedAt) return undefined
  const lasted = Date.parse(report.generatedAt) - Date.parse(issue.openedAt)
  if (Number.isNaN(lasted)) return undefined
  return `The drift lasted at least ${humanDuration(lasted)}: this issue was opened on ${humanTime(issue.openedAt)}.`
}

/** `all 16 resources of this target match Git`, `the one resource of this target matches Git`. */
function matchText(report: DriftReport): string {
  const count = report.summary.resources
  return count === 1
    ? 'the one resource of this target matches Git'
    : `all ${count} ${plural(count, 'resource')} of this target match Git`
}

/** The comment that closes the issue. */
export function resolvedComment(
  report: DriftReport,
  context: BodyContext,
  issue: ClosedIssue
): string {
  const run = context.run.runUrl ? ` ([run](${context.run.runUrl}))` : ''
  const lasted = howLong(report, issue)
  return [
    `✅ Back in sync on ${humanTime(report.generatedAt)}: ${matchText(report)}${run}.`,
    ...(lasted ? [lasted] : []),
    'Closing.'
  ].join(' ')
}

/**
 * The body the closed issue keeps. `head` is what identifies it (the marker and
 * the link to the issue before), kept so later runs still find it.
 */
export function resolvedIssueBody(
  report: DriftReport,
  context: BodyContext,
  issue: ClosedIssue,
  head: string
): string {
  const run = context.run.runUrl ? ` by [this run](${context.run.runUrl})` : ''
  const lasted = howLong(report, issue)
  return [
    head,
    '',
    '### kube-drift: ✅ back in sync',
    '',
    `Checked${run} on ${humanTime(report.generatedAt)}: ${matchText(report)}, so this issue was closed.`,
    ...(lasted ? ['', lasted] : []),
    '',
    'If drift comes back, kube-drift opens a new issue that links this one.',
    ''
  ].join('\n')
}
