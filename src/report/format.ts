// Wording shared by every report format, so that the terminal, the comment and
// the issue say the same thing the same way: paths, values, times, verdicts.
import { parsePointer } from '../drift/pointer.ts'
import type { DriftSummary, FieldChange, ResourceResult, Verdict } from '../types.ts'

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

/** A value on one line: strings quoted (so `""` and `"80"` show as such), objects as compact JSON. */
export function formatValue(value: unknown, max = 60): string {
  if (value === undefined) return '(absent)'
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

/** Who last set the live value and when: `kubectl-scale, 2026-11-20 03:12 UTC`. */
export function attribution(change: FieldChange): string | undefined {
  const manager =
    change.manager && change.subresource
      ? `${change.manager} via ${change.subresource}`
      : change.manager
  const parts = [manager, change.time ? formatTime(change.time) : undefined]
  const known = parts.filter((part): part is string => Boolean(part))
  return known.length > 0 ? known.join(', ') : undefined
}

/** What happened to a field, without its path: `3 → 5`, `"DEBUG" added out of band`. */
export function describeChange(change: FieldChange, max = 60): string {
  switch (change.reason) {
    case 'changed':
      return `${formatValue(change.desired, max)} → ${formatValue(change.live, max)}`
    case 'missing-live':
      return change.desired === undefined
        ? 'not in the cluster: applying would create it'
        : `${formatValue(change.desired, max)} → (absent in the cluster)`
    case 'added-out-of-band':
      return `${formatValue(change.live, max)} added out of band`
    case 'removed-from-git':
      return `${formatValue(change.live, max)} removed from Git, still in the cluster`
  }
}

export const STATUS_LABEL: Record<Verdict, string> = {
  InSync: 'in sync',
  Drifted: 'drifted',
  Missing: 'missing',
  Extra: 'extra',
  Error: 'error'
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
