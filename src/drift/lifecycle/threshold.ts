// Severities in order, most severe first, and the one comparison everything else
// uses: whether a change (or a resource, by its most severe change) reaches a
// threshold such as `fail-on-drift: high`.
import type { FieldChange, Severity } from '../../types.ts'

/** Most severe first: the order reports list them in. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low']

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)
}

/** 0 for critical, 3 for low; a change without a severity ranks after low. */
export function severityRank(severity: Severity | undefined): number {
  return severity === undefined ? SEVERITIES.length : SEVERITIES.indexOf(severity)
}

/** Whether `severity` is `threshold` or more severe; an unknown severity counts (fail closed). */
export function atLeast(severity: Severity | undefined, threshold: Severity): boolean {
  if (severity === undefined) return true
  return severityRank(severity) <= severityRank(threshold)
}

/** The most severe of the changes' severities; undefined when none has one. */
export function highestSeverity(changes: readonly FieldChange[]): Severity | undefined {
  const ranks = changes.map(change => severityRank(change.severity))
  const best = Math.min(SEVERITIES.length, ...ranks)
  return SEVERITIES[best]
}
