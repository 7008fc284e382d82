// Differences that are not drift because the desired value is unknown: a Helm
// chart that uses lookup, rendered without the cluster (helm-lookup off, or
// the identity may not read what the chart looks up). Such a difference moves
// from `changes` to `notComparable` and the target gets a note naming the
// chart's lookups and every value that could not be compared, so the verdict
// is never a silent InSync and never a false Drifted.
//
//  - generated: the value differs between two renders (random, time, a
//    checksum of them). Helm keeps it only through lookup; offline it is new
//    each time.
//  - lookup: the object comes from a template that uses lookup (only its
//    annotations, when the template only includes a computed template name: a
//    checksum), and the live value was written by a tool that runs helm's
//    lookup (helm, Flux's helm-controller): it may be what lookup returned. A
//    value anyone else wrote (kubectl edit, scale, patch) is still drift.
import type {
  FieldChange,
  HelmLookupGap,
  NotComparableField,
  ResourceResult,
  TargetReport
} from '../types.ts'
import { isAtOrUnder } from './pointer.ts'
import { groupOf } from '../util/resource-identity.ts'

/** Field managers that render charts with lookup when they deploy. */
export const LOOKUP_MANAGERS: ReadonlySet<string> = new Set(['helm', 'helm-controller'])

const LOOKUP_REASONS: ReadonlySet<FieldChange['reason']> = new Set(['changed', 'removed-from-git'])

export function withLookupGap(report: TargetReport, gap: HelmLookupGap | undefined): TargetReport {
  if (!gap) return report
  const resources = report.resources.map(resource => applyGap(resource, gap))
  const fromLookup = resources.flatMap(resource =>
    (resource.notComparable ?? [])
      .filter(field => field.reason === 'lookup')
      .map(field => `${describe(resource)} ${field.path}`)
  )
  return { ...report, notes: [...report.notes, gapNote(gap, fromLookup)], resources }
}

function applyGap(resource: ResourceResult, gap: HelmLookupGap): ResourceResult {
  if (resource.status !== 'Drifted') return resource
  const entry = gap.resources.find(
    r =>
      r.key.kind === resource.kind &&
      groupOf(r.key.apiVersion) === groupOf(resource.apiVersion) &&
      r.key.name === resource.name &&
      (r.key.namespace === undefined || r.key.namespace === resource.namespace)
  )
  if (!entry) return resource
  const kept: FieldChange[] = []
  const notComparable: NotComparableField[] = [...(resource.notComparable ?? [])]
  for (const change of resource.changes) {
    const reason = entry.generated.some(path => isAtOrUnder(change.path, path))
      ? 'generated'
      : entry.lookupScope.some(scope => isAtOrUnder(change.path, scope)) &&
          LOOKUP_REASONS.has(change.reason) &&
          change.manager !== undefined &&
          LOOKUP_MANAGERS.has(change.manager)
        ? 'lookup'
        : undefined
    if (reason === undefined) kept.push(change)
    else notComparable.push({ path: change.path, reason, ...managerOf(change) })
  }
  if (notComparable.length === (resource.notComparable ?? []).length) return resource
  const inSync = kept.length === 0
  return {
    ...resource,
    status: inSync ? 'InSync' : 'Drifted',
    changes: kept,
    // The diff would show only values that cannot be compared.
    diff: inSync ? '' : resource.diff,
    notComparable
  }
}

function managerOf(change: FieldChange): { manager?: string } {
  return change.manager === undefined ? {} : { manager: change.manager }
}

/**
 * One note per chart: that it uses lookup, why lookup did not run, what is not
 * compared (`fromLookup`: the helm-written values set aside, `<resource> <path>`).
 */
export function gapNote(gap: HelmLookupGap, fromLookup: string[]): string {
  const generated = gap.resources
    .filter(r => r.generated.length > 0)
    .map(r => `${describe(r.key)} ${r.generated.join(', ')}`)
  const scoped = gap.resources
    .filter(r => r.lookupScope.length > 0)
    .map(r => `${describe(r.key)} (${r.lookupScope.includes('') ? 'all' : 'annotations'})`)
  const parts = [
    `The chart uses lookup (${gap.templates.join(', ')}) and was rendered without the cluster: ${gap.reason}.`
  ]
  if (generated.length > 0) {
    parts.push(
      `Not comparable, generated at render time (they differ between two renders; helm keeps them only through lookup): ${generated.join('; ')}.`
    )
  }
  if (scoped.length > 0) {
    parts.push(
      `Values helm wrote may come from lookup in ${scoped.join('; ')}: not compared${fromLookup.length > 0 ? ` (${fromLookup.join('; ')})` : ''}; changes made by anyone else are.`
    )
  }
  parts.push('Render with the cluster (helm-lookup) to compare them.')
  return parts.join(' ')
}

function describe(key: { kind: string; namespace?: string; name: string }): string {
  return `${key.kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name}`
}
