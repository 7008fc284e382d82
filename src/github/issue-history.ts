// The drift issue's memory, run by run: read the history block from the open
// issue's body, merge this run's drift into it (drift/lifecycle/track.ts), write
// it back into the new body, and say in a comment what appeared and what went
// away, only when something did. The comment is the one notification per
// change; the body is rewritten when its stable text changes (body-compare.ts).
//
// Decisions, so an unchanged night changes nothing:
// - the body shows each field's first-seen date (absolute) and its age inside
//   a `<span title="first seen …">`: the comparison leaves the age out, so the
//   age shown is the one of the body's last change, and the footer says so;
// - "✨ new" marks the fields first seen in the run that last found something
//   new or resolved, which stays true until the next such run;
// - the history has no last-seen time.
// Where the history starts:
// - a new issue starts empty: its creation is the notification, no comment;
// - an open issue without a block (written by an older kube-drift) starts a
//   history quietly: nothing is called new, the first-seen times start now;
// - a block that cannot be read is rebuilt the same way, with a warning;
// - a closed issue keeps its last block, for the record; when drift returns,
//   the new issue starts afresh (every field there is new, as after a resolve).
import { withHistory } from '../drift/lifecycle/annotate.ts'
import { readStateBlock, writeStateBlock, type ReadState } from '../drift/lifecycle/state-block.ts'
import { seenBeforeIn } from '../drift/lifecycle/seen-before.ts'
import { emptyState } from '../drift/lifecycle/state.ts'
import type { SeenBefore } from '../drift/lifecycle/suggestions.ts'
import { track } from '../drift/lifecycle/track.ts'
import { attribution, describeChange, pointerToPath } from '../report/format.ts'
import { NEW_BADGE, resolvedMarkdown } from '../report/history.ts'
import { codeSpan, escapeText } from '../report/markdown-text.ts'
import type { DriftReport, FieldChange, ResourceResult } from '../types.ts'
import { formatResource } from '../util/resource-identity.ts'
import { humanTime } from './closing.ts'
import { readMarkers } from './markers.ts'

export interface IssueHistory {
  /** the report with firstSeen and lifecycle per change, resolved per target. */
  report: DriftReport
  /** the block line for the body's top. */
  block: string
  /** fields first seen at this time are marked new in the body. */
  newAt?: string
  /** the comment to add: something is new or resolved (never on a new issue). */
  comment?: string
  /** the history could not be read: rebuilt, and why. */
  warning?: string
  /** for part 1's suggested ignore rules: drift the last run saw too. */
  seenBefore: SeenBefore
}

/**
 * `current`: the open issue's body, or undefined when the issue is being created.
 * The run's clock is the report's own time (generatedAt).
 */
export function issueHistory(
  report: DriftReport,
  marker: string,
  current: string | undefined,
  runUrl?: string
): IssueHistory {
  const read = previousState(marker, current)
  const tracked = track(read.state, report, report.generatedAt)
  const written = writeStateBlock(tracked.state)
  const annotated = withHistory(report, tracked, written.state)
  // Worded from what the body shows: a new field the size bound left out is not announced.
  const comment = current === undefined ? undefined : newsComment(annotated, runUrl)
  return {
    report: annotated,
    block: written.text,
    ...(written.state.changedAt === undefined ? {} : { newAt: written.state.changedAt }),
    ...(comment === undefined ? {} : { comment }),
    ...(read.warning ? { warning: read.warning } : {}),
    seenBefore: seenBeforeIn(read.state)
  }
}

/** What went away, for the comment that closes the issue: '' without a readable history. */
export function wentAwayList(report: DriftReport, marker: string, current: string): string {
  const read = previousState(marker, current)
  if (read.warning !== undefined) return ''
  const tracked = track(read.state, report, report.generatedAt)
  const resolved = withHistory(report, tracked).targets.flatMap(target => target.resolved ?? [])
  if (resolved.length === 0) return ''
  return [
    '',
    '',
    '✅ went away:',
    ...resolved.map(field => `- ${resolvedMarkdown(field, report.generatedAt)}`)
  ].join('\n')
}

/** The history line of a body, kept as it is (the closed issue's record). */
export function historyLine(marker: string, body: string | null | undefined): string | undefined {
  return readMarkers(body, marker)?.history
}

function previousState(marker: string, current: string | undefined): ReadState {
  if (current === undefined) return { state: emptyState() }
  const line = historyLine(marker, current)
  if (line === undefined) return { state: { ...emptyState(), partial: true } }
  return readStateBlock(line)
}

/** What appeared and what went away, for the watchers' one notification; undefined when nothing did. */
export function newsComment(report: DriftReport, runUrl?: string): string | undefined {
  const appeared = report.targets.flatMap(target =>
    target.resources.flatMap(resource =>
      resource.changes
        .filter(change => change.lifecycle === 'new')
        .map(change => newLine(resource, change))
    )
  )
  const resolved = report.targets.flatMap(target => target.resolved ?? [])
  if (appeared.length + resolved.length === 0) return undefined
  const counts = [
    ...(appeared.length > 0 ? [`${appeared.length} new`] : []),
    ...(resolved.length > 0 ? [`${resolved.length} resolved`] : [])
  ]
  const run = runUrl ? ` ([run](${runUrl}))` : ''
  const lines = [
    `**Drift changed** on ${humanTime(report.generatedAt)}${run}: ${counts.join(', ')}.`
  ]
  if (appeared.length > 0)
    lines.push('', `${NEW_BADGE}, drifted since the last check:`, ...appeared)
  if (resolved.length > 0) {
    lines.push('', '✅ went away (no longer drifted):')
    lines.push(...resolved.map(field => `- ${resolvedMarkdown(field, report.generatedAt)}`))
  }
  return `${lines.join('\n')}\n`
}

function newLine(resource: ResourceResult, change: FieldChange): string {
  const who = attribution(change)
  const parts = [
    `${codeSpan(formatResource(resource), { inTable: false })} ${codeSpan(pointerToPath(change.path), { inTable: false })} ${escapeText(describeChange(change))}`,
    ...(who ? [escapeText(who)] : []),
    ...(change.severity ? [escapeText(change.severity)] : [])
  ]
  return `- ${parts.join(' · ')}`
}
