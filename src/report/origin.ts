// On a pull request: which drift the PR brings and which was there before it
// (github/pr-origin.ts sets `origin`). The PR's own changes come first in every
// list, and are the last to be cut when a body is too long.
import type { DriftReport, FieldChange, ResourceResult } from '../types.ts'
import { plural } from './format.ts'
import { bySeverity, changeRank, resourceRank } from './severity.ts'

/** The PR brings this resource's drift, or some of it. */
export function isIntroduced(resource: ResourceResult): boolean {
  return resource.origin === 'introduced' || resource.origin === 'mixed'
}

/** The PR's own drift first, the rest after, each most severe first (report/severity.ts). */
export function sortForReview(resources: ResourceResult[]): ResourceResult[] {
  return [
    ...bySeverity(
      resources.filter(resource => isIntroduced(resource)),
      resourceRank
    ),
    ...bySeverity(
      resources.filter(resource => !isIntroduced(resource)),
      resourceRank
    )
  ]
}

/** Within a resource too: the PR's own changes first, each most severe first. */
export function introducedFirst(changes: FieldChange[]): FieldChange[] {
  return [
    ...bySeverity(
      changes.filter(change => change.origin === 'introduced'),
      changeRank
    ),
    ...bySeverity(
      changes.filter(change => change.origin !== 'introduced'),
      changeRank
    )
  ]
}

/** The pull request's verdict, under the title; undefined when there is no base to compare with. */
export function pullRequestLine(report: DriftReport): string | undefined {
  const resources = report.targets.flatMap(target => target.resources)
  const flagged = resources.filter(resource => resource.origin !== undefined)
  if (flagged.length === 0) return undefined
  const introduced = flagged.filter(isIntroduced).length
  const before = flagged.length - introduced
  const brought =
    introduced > 0
      ? `🆕 brings drift to ${introduced} ${plural(introduced, 'resource')} (listed first)`
      : 'brings no drift'
  const already =
    before > 0
      ? `; ${before} ${plural(before, 'resource')} ${before === 1 ? 'was' : 'were'} already drifted before it`
      : ''
  return `**This pull request** ${brought}${already}.`
}

/**
 * The resources whose drift fails `fail-on-drift: introduced`: those the PR brings,
 * and, failing closed, those whose origin is unknown (no pull request, or its base
 * could not be compared); only drift known to be there before the PR is let through.
 */
export function failingDriftCount(report: DriftReport): number {
  return report.targets
    .flatMap(target => target.resources)
    .filter(resource => resource.status !== 'InSync' && resource.status !== 'Error')
    .filter(resource => resource.origin !== 'pre-existing').length
}
