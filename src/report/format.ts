// Wording shared by every report format, so that the terminal, the comment and
// the issue say the same thing the same way: paths, values, times, verdicts, the
// legend. Every change reads in one direction, what applying Git would do:
// the live value (the cluster) → the desired value (Git).
import { isMaskedValue } from '../drift/mask.ts'
import { parsePointer } from '../drift/pointer.ts'
import type { DriftSummary, FieldChange, ResourceResult, Verdict } from '../types.ts'
import { madeBy } from './severity.ts'

/** `/spec/template/spec/containers/0/env/2` → `spec.template.spec.containers[0].env[2]`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '' || pointer === '/') return '(whole object)'
  // A path written without its leading slash (`spec/replicas`) reads as the same path.
  const segments = parsePointer(pointer.startsWith('/') ? pointer : `/${pointer}`)
  let path = ''
  for (const segment of segments) {
    // Numbers are list indexes; keys that are not plain words (annotation keys
    // like deployment.kubernetes.io/revision) are quoted so the dots stay readable.
    if (/^(0|[1-9][0-9]*)$/.test(segment)) path += `[${segment}]`
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment))
      path += path === '' ? segment : `.${segment}`
    else path += `[${JSON.stringify(segment)}]`
  }
  return path
}

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  // Keep both ends: the tail often holds the difference (an image tag, a suffix).
  const head = Math.ceil((max - 1) / 2)
  const tail = Math.max(0, max - 1 - head)
  return `${text.slice(0, head)}…${tail > 0 ? text.slice(text.length - tail) : ''}`
}

/**
 * A value on one line: strings quoted (so `""` and `"80"` show as such), objects as
 * compact JSON, a masked Secret value in its one notation, unquoted. A multi-line
 * string shows its first line and how many lines it has; the diff holds the rest.
 */
export function formatValue(value: unknown, max = 60): string {
  if (value === undefined) return '(absent)'
  if (isMaskedValue(value)) return value as string
  if (typeof value === 'string' && /\r?\n/.test(value.replace(/\r?\n$/, ''))) {
    const lines = value.replace(/\r?\n$/, '').split(/\r?\n/)
    const suffix = ` (${lines.length} lines)`
    const first = JSON.stringify(`${lines[0] ?? ''}…`)
    return `${truncate(first, Math.max(8, max - suffix.length))}${suffix}`
  }
  const text =
    typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  return truncate(text, max)
}

/** `2026-11-20T03:12:44Z` → `2026-11-20 03:12 UTC`; anything unparsable is returned as is. */
export function formatTime(time: string): string {
  const date = new Date(time)
  if (Number.isNaN(date.getTime())) return time
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/**
 * `3 h ago` for a time before `now`: minutes under an hour, hours under two days,
 * days after; `just now` for less than a minute (or a clock a little ahead).
 */
export function relativeTime(time: string, now: string): string | undefined {
  const then = new Date(time).getTime()
  const reference = new Date(now).getTime()
  if (Number.isNaN(then) || Number.isNaN(reference)) return undefined
  const minutes = Math.floor((reference - then) / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.floor(hours / 24)} d ago`
}

/** Who set the live value, `kubectl-scale` or `kubectl via scale`; undefined when unknown. */
export function managerOf(change: FieldChange): string | undefined {
  return change.manager && change.subresource
    ? `${change.manager} via ${change.subresource}`
    : change.manager
}

/** The change is the pull request's own: it is "this PR", not whoever set the live value. */
export function isPullRequestChange(change: FieldChange): boolean {
  return change.origin === 'introduced'
}

/** Who and when, for the terminal: `kubectl-scale (person), 2026-11-20 03:12 UTC`, `this PR`. */
export function attribution(change: FieldChange): string | undefined {
  if (isPullRequestChange(change)) return PULL_REQUEST_WHO
  const parts = [
    madeBy(change, managerOf(change)),
    change.time ? formatTime(change.time) : undefined
  ]
  const known = parts.filter((part): part is string => Boolean(part))
  return known.length > 0 ? known.join(', ') : undefined
}

export const PULL_REQUEST_WHO = 'this PR'

/**
 * Both sides of a changed value, live first. Two multi-line strings whose first
 * lines agree show the first line that differs, with its number, so the cell
 * says what changed; the diff holds the rest.
 */
export function changedValues(live: unknown, desired: unknown, max = 60): [string, string] {
  const lines = (value: unknown): string[] | undefined =>
    typeof value === 'string' && !isMaskedValue(value) && value.replace(/\r?\n$/, '').includes('\n')
      ? value.replace(/\r?\n$/, '').split(/\r?\n/)
      : undefined
  const a = lines(live)
  const b = lines(desired)
  if (a === undefined || b === undefined || a[0] !== b[0]) {
    return [formatValue(live, max), formatValue(desired, max)]
  }
  let index = 0
  while (index < a.length && index < b.length && a[index] === b[index]) index += 1
  const at = (side: string[]): string => {
    const suffix = ` (line ${index + 1} of ${side.length})`
    const line = side[index]
    const shown = line === undefined ? '(no line)' : JSON.stringify(line)
    return `${truncate(shown, Math.max(8, max - suffix.length))}${suffix}`
  }
  return [at(a), at(b)]
}

/** What applying Git would do to a field, without its path: `5 → 3` (cluster → Git). */
export function describeChange(change: FieldChange, max = 60): string {
  switch (change.reason) {
    case 'changed': {
      const [live, desired] = changedValues(change.live, change.desired, max)
      return `${live} → ${desired}`
    }
    case 'missing-live':
      return change.desired === undefined
        ? 'not in the cluster: applying Git creates it'
        : `(absent) → ${formatValue(change.desired, max)}`
    case 'added-out-of-band':
      if (change.path === '') return 'in the cluster, not in Git'
      return `${formatValue(change.live, max)} added in the cluster, not in Git`
    case 'removed-from-git':
      return `${formatValue(change.live, max)} → (absent): removed from Git`
  }
}

/** The header of every list of changes: which side is which. */
export const DIRECTION_LABEL = 'cluster → Git'

/**
 * One symbol and one word per verdict, the same in the terminal and in Markdown.
 * The symbols follow the diff's direction: ➕ Git would create it, ➖ only the
 * cluster has it (prune would delete it).
 */
export const STATUS_SYMBOL: Record<Verdict, string> = {
  InSync: '✅',
  Drifted: '⚠️',
  Missing: '➕',
  Extra: '➖',
  Error: '❌'
}

export const STATUS_LABEL: Record<Verdict, string> = {
  InSync: 'in sync',
  Drifted: 'drifted',
  Missing: 'missing',
  Extra: 'extra',
  Error: 'error'
}

const STATUS_MEANING: Record<Verdict, string> = {
  InSync: 'matches Git',
  Drifted: 'applying Git would change it',
  Missing: 'in Git, not in the cluster',
  Extra: 'in the cluster, not in Git',
  Error: 'not compared'
}

const VERDICTS: Verdict[] = ['InSync', 'Drifted', 'Missing', 'Extra', 'Error']

/** `✅ in sync` — the symbol and the word, wherever a verdict is shown. */
export function statusBadge(status: Verdict): string {
  return `${STATUS_SYMBOL[status]} ${STATUS_LABEL[status]}`
}

/** The legend, said once per report: each symbol, its word and what it means, and the direction. */
export function legendItems(): string[] {
  return VERDICTS.map(status => `${statusBadge(status)}: ${STATUS_MEANING[status]}`)
}

/** On a pull request: whether the PR brings a resource's drift. */
export const ORIGIN_BADGE: Record<NonNullable<ResourceResult['origin']>, string> = {
  introduced: '🆕 this PR',
  'pre-existing': 'before this PR',
  mixed: '🆕 this PR + before'
}

export function isInSync(resource: ResourceResult): boolean {
  return resource.status === 'InSync'
}

export type OverallVerdict = 'in-sync' | 'drift' | 'error'

/** An error outranks drift: a resource that could not be compared may hide more. */
export function verdictOf(summary: DriftSummary): OverallVerdict {
  if (summary.errors > 0) return 'error'
  if (driftCount(summary) > 0) return 'drift'
  return 'in-sync'
}

export function driftCount(summary: DriftSummary): number {
  return summary.drifted + summary.missing + summary.extra
}

/** `drift in 3 of 12 resources`, `in sync (12 resources)`, `errors in 1 of 12 resources, drift in 2`. */
export function verdictText(summary: DriftSummary): string {
  const drift = driftCount(summary)
  const of = `of ${summary.resources} ${plural(summary.resources, 'resource')}`
  if (summary.errors > 0) {
    const errors = `${summary.errors === 1 ? 'error' : 'errors'} in ${summary.errors} ${of}`
    return drift > 0 ? `${errors}, drift in ${drift}` : errors
  }
  if (drift > 0) return `drift in ${drift} ${of}`
  return `in sync (${summary.resources} ${plural(summary.resources, 'resource')})`
}

/** `12 resources: 9 in sync, 2 drifted, 1 missing, 0 extra, 0 errors (3 ignored)`. */
export function summaryLine(summary: DriftSummary): string {
  const counts = [
    `${summary.inSync} in sync`,
    `${summary.drifted} drifted`,
    `${summary.missing} missing`,
    `${summary.extra} extra`,
    `${summary.errors} ${plural(summary.errors, 'error')}`
  ].join(', ')
  const ignored = summary.ignored > 0 ? ` (${summary.ignored} ignored)` : ''
  return `${summary.resources} ${plural(summary.resources, 'resource')}: ${counts}${ignored}`
}

export const COMPARISON_LABEL: Record<'server' | 'local' | 'mixed' | 'none', string> = {
  server: 'compared with a server-side apply dry-run',
  local: 'compared locally (no server-side dry-run)',
  mixed: 'compared partly locally, partly with a server-side dry-run',
  none: 'nothing compared'
}

export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`
}
