// Severity and cause as every report shows them: a short badge per change, the
// cause after the field manager (`kubectl via scale (person)`), and the order
// (most severe first) resources and changes are listed in.
import { causeLabel } from '../drift/lifecycle/cause.ts'
import { highestSeverity, severityRank } from '../drift/lifecycle/threshold.ts'
import type { FieldChange, ResourceResult, Severity } from '../types.ts'

export const SEVERITY_SYMBOL: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '⚪'
}

/** `🟠 high`: the symbol and the word. */
export function severityBadge(severity: Severity): string {
  return `${SEVERITY_SYMBOL[severity]} ${severity}`
}

/** Said once per report, with the verdicts' legend. */
export function severityLegend(): string {
  const order: Severity[] = ['critical', 'high', 'medium', 'low']
  return `${order.map(severityBadge).join(' · ')} (severity, its reason on hover)`
}

/** A resource's rank: its most severe change's; an Error (no changes) ranks after low, in its place. */
export function resourceRank(resource: ResourceResult): number {
  return severityRank(highestSeverity(resource.changes))
}

/** Most severe first; equal ones keep their order (Array.prototype.sort is stable). */
export function bySeverity<T>(items: readonly T[], rank: (item: T) => number): T[] {
  return [...items].sort((a, b) => rank(a) - rank(b))
}

export function changeRank(change: FieldChange): number {
  return severityRank(change.severity)
}

/**
 * Who set the live value and what kind of maker that is: `kubectl via scale
 * (person)`, `an admission webhook`; the manager alone when the cause is unknown.
 */
export function madeBy(change: FieldChange, manager: string | undefined): string | undefined {
  const cause = change.cause
  if (cause === undefined || cause.kind === 'unknown') return manager
  if (cause.kind === 'webhook') return 'an admission webhook'
  return manager ? `${manager} (${causeLabel(cause)})` : causeLabel(cause)
}
