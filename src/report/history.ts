// How the drift history reads in every report: since when a field is drifted,
// how long that is, whether it is new since the last run, and what went away.
// The age is counted to the run's own time (the report's generatedAt), never
// to the clock of whoever renders it, so one run always writes the same words.
import type { FieldChange, ResolvedField } from '../types.ts'
import { formatResource } from '../util/resource-identity.ts'
import { formatTime, plural, pointerToPath } from './format.ts'
import { codeSpan, escapeHtml, escapeText } from './markdown-text.ts'

/** The mark of a field drifted since the last run (🆕 is taken: "this PR"). */
export const NEW_BADGE = '✨ new'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `3 days`, `5 hours`, `under an hour`: how long from `since` to `now`, rounded down. */
export function ageText(since: string, now: string): string | undefined {
  const milliseconds = Date.parse(now) - Date.parse(since)
  if (Number.isNaN(milliseconds)) return undefined
  const hours = Math.floor(Math.max(0, milliseconds) / 3_600_000)
  if (hours < 1) return 'under an hour'
  if (hours < 24) return `${hours} ${plural(hours, 'hour')}`
  const days = Math.floor(hours / 24)
  return `${days} ${plural(days, 'day')}`
}

/** `Nov 30` (UTC): the day a field was first seen. */
export function shortDate(time: string): string {
  const date = new Date(time)
  if (Number.isNaN(date.getTime())) return time
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`
}

/**
 * True when the change is to be marked new. `newAt` (the drift issue) marks the
 * fields first seen in the run that last found something new or resolved, so the
 * mark stays until the next such run and an unchanged night changes no word;
 * without it, the fields new since the last run.
 */
export function isNew(change: FieldChange, newAt?: string): boolean {
  if (change.firstSeen === undefined) return false
  return newAt === undefined ? change.lifecycle === 'new' : change.firstSeen === newAt
}

/**
 * `✨ new · first seen Dec 3` or `first seen Nov 30 (3 days)`, for a table cell.
 * The age is in a `<span title>` holding the exact time: the body comparison
 * (github/body-compare.ts) leaves the age out and compares the time, so the age
 * alone growing does not rewrite the issue.
 */
export function firstSeenMarkdown(change: FieldChange, now: string, newAt?: string): string {
  if (change.firstSeen === undefined) return ''
  const exact = escapeHtml(`first seen ${formatTime(change.firstSeen)}`)
  const since = `first seen ${escapeText(shortDate(change.firstSeen))}`
  if (isNew(change, newAt)) return `${NEW_BADGE} · ${since}`
  const age = ageText(change.firstSeen, now)
  return age ? `${since} (<span title="${exact}">${escapeHtml(age)}</span>)` : since
}

/** `first seen 2026-11-30 03:30 UTC, 3 days` or `new`, for the terminal. */
export function firstSeenText(change: FieldChange, now: string): string {
  if (change.firstSeen === undefined) return ''
  if (change.lifecycle === 'new') return 'new since the last run'
  const age = ageText(change.firstSeen, now)
  return `first seen ${formatTime(change.firstSeen)}${age ? `, ${age}` : ''}`
}

/** A field that went away, on one line: `ConfigMap web/settings` `data.mode` · low · drifted 3 days. */
export function resolvedMarkdown(field: ResolvedField, now: string): string {
  const age = ageText(field.firstSeen, now)
  const parts = [
    `${codeSpan(formatResource(field), { inTable: false })} ${codeSpan(pointerToPath(field.path), { inTable: false })}`,
    ...(field.severity ? [escapeText(field.severity)] : []),
    `drifted since ${escapeText(shortDate(field.firstSeen))}${age ? ` (${age})` : ''}`
  ]
  return parts.join(' · ')
}

export function resolvedText(field: ResolvedField, now: string): string {
  const age = ageText(field.firstSeen, now)
  const severity = field.severity ? `, ${field.severity}` : ''
  return `${formatResource(field)} ${pointerToPath(field.path)} (drifted since ${formatTime(field.firstSeen)}${age ? `, ${age}` : ''}${severity})`
}
