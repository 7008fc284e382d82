// Introduced vs pre-existing: on a pull request, the same check is run on the
// PR's base commit against the same cluster. A difference present in both,
// identical, was there before the PR; anything else comes with the PR. Pure:
// two reports in, the PR's report with `origin` flags and notes out.
import { formatResource, resourceId } from '../util/resource-identity.ts'
import type {
  ChangeOrigin,
  DriftReport,
  FieldChange,
  ResourceResult,
  TargetReport
} from '../types.ts'

/** Resources named in a note; the flags in the JSON report hold them all. */
const NAMED_IN_NOTE = 5

export function markOrigins(head: DriftReport, base: DriftReport, baseSha: string): DriftReport {
  const baseTargets = new Map(base.targets.map(target => [target.name, target]))
  return {
    ...head,
    targets: head.targets.map(target =>
      markTarget(target, baseTargets.get(target.name), baseSha.slice(0, 7))
    )
  }
}

/** The base could not be compared: say why, once per target, and flag nothing. */
export function noteBaseUnavailable(report: DriftReport, reason: string): DriftReport {
  const note = `Introduced vs pre-existing drift is not shown: ${reason}.`
  return {
    ...report,
    targets: report.targets.map(target => ({ ...target, notes: [...target.notes, note] }))
  }
}

function markTarget(
  target: TargetReport,
  base: TargetReport | undefined,
  baseSha: string
): TargetReport {
  const before = new Map((base?.resources ?? []).map(resource => [resourceId(resource), resource]))
  // An Error is an error at either commit: it has no origin, and a base error says nothing of the base.
  const unknownAtBase: string[] = []
  const resources = target.resources.map(resource => {
    if (resource.status === 'InSync' || resource.status === 'Error') return resource
    const old = before.get(resourceId(resource))
    if (old?.status !== 'Error') return markResource(resource, old)
    unknownAtBase.push(formatResource(resource))
    return resource
  })
  const named = (origin: ResourceResult['origin']): string[] =>
    resources.filter(resource => resource.origin === origin).map(formatResource)
  const now = new Map(target.resources.map(resource => [resourceId(resource), resource]))
  const resolved = (base?.resources ?? [])
    .filter(resource => resource.status !== 'InSync' && resource.status !== 'Error')
    .filter(resource => now.get(resourceId(resource))?.status === 'InSync')
    .map(formatResource)
  const notes = [
    note('Introduced by this pull request', [...named('introduced'), ...named('mixed')]),
    note(`Already drifted at the base commit ${baseSha}, before this pull request`, [
      ...named('pre-existing')
    ]),
    note('Resolved by this pull request (drifted at the base, in sync here)', resolved),
    note(
      `Not compared at the base commit ${baseSha} (an error there), so whether this pull request brings the drift is unknown`,
      unknownAtBase
    )
  ].filter((text): text is string => text !== undefined)
  return { ...target, resources, notes: [...target.notes, ...notes] }
}

function markResource(
  resource: ResourceResult,
  before: ResourceResult | undefined
): ResourceResult {
  if (!before || before.status !== resource.status) {
    return {
      ...resource,
      origin: 'introduced',
      changes: resource.changes.map(change => ({ ...change, origin: 'introduced' }))
    }
  }
  if (resource.changes.length === 0) {
    // Missing, Extra, Error, or drift seen only in the diff: same verdict, same text?
    const same = resource.diff === before.diff && resource.error === before.error
    return {
      ...resource,
      origin: same || resource.status !== 'Drifted' ? 'pre-existing' : 'introduced'
    }
  }
  const changes = resource.changes.map(change => ({
    ...change,
    origin: (before.changes.some(old => sameChange(change, old))
      ? 'pre-existing'
      : 'introduced') as ChangeOrigin
  }))
  const origins = new Set(changes.map(change => change.origin))
  const origin = origins.size > 1 ? 'mixed' : (changes[0]?.origin ?? 'introduced')
  return { ...resource, origin, changes }
}

/**
 * The same difference: same field, same kind of change, same values. Masked
 * values compare by their hashes: the head and base runs share one salt.
 */
function sameChange(a: FieldChange, b: FieldChange): boolean {
  if (a.path !== b.path || a.reason !== b.reason) return false
  return (
    JSON.stringify(a.desired) === JSON.stringify(b.desired) &&
    JSON.stringify(a.live) === JSON.stringify(b.live)
  )
}

function note(label: string, names: string[]): string | undefined {
  if (names.length === 0) return undefined
  const shown = names.slice(0, NAMED_IN_NOTE).join(', ')
  const more = names.length > NAMED_IN_NOTE ? ` and ${names.length - NAMED_IN_NOTE} more` : ''
  const count = `${names.length} ${names.length === 1 ? 'resource' : 'resources'}`
  return `${label}: ${count} (${shown}${more}).`
}
