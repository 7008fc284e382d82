// The hidden HTML comments kube-drift writes at the top of its own GitHub
// comments and issues, and the one parser that reads them back:
// - `<!-- kube-drift:pr:TARGETS -->` names the pull-request comment of a target set,
// - `<!-- kube-drift:issue:TARGET -->` the drift issue of one target,
// - `<!-- kube-drift-state:attention|resolved -->` what the comment said last,
// - `<!-- kube-drift-previous:N -->` the closed issue the drift came back after,
// - `<!-- kube-drift-history:v1:… -->` the drift issue's history (drift/lifecycle/state-block.ts
//   writes and reads what is inside).
// The body under them is the report, which quotes text from the repository and
// the cluster (a diff in a code block shows it verbatim), so markers are read
// from the top block only: a marker quoted in the report is never one of ours.
import { HISTORY_MARKER_PREFIX } from '../drift/lifecycle/state-block.ts'

/** What the top block of one of our bodies says besides its own marker. */
export interface BodyMarkers {
  /** the comment showed drift or errors (`attention`) or said "now in sync" (`resolved`). */
  state?: 'attention' | 'resolved'
  /** the number of the closed issue this one follows. */
  previous?: number
  /** the history block's line, as found (read with readStateBlock, which checks it). */
  history?: string
}

const ATTENTION = '<!-- kube-drift-state:attention -->'
const RESOLVED = '<!-- kube-drift-state:resolved -->'
const PREVIOUS = /^<!-- kube-drift-previous:(\d+) -->$/

/** An HTML comment the GitHub code finds its own comment and issue by; `--` would end it early. */
function markerComment(marker: string): string {
  return `<!-- kube-drift:${marker.replace(/-{2,}/g, '-').replace(/[<>]/g, '')} -->`
}

/** The marker of the pull-request comment of these targets, in any order. */
export function commentMarker(targets: string[]): string {
  return markerComment(`pr:${[...targets].sort().join(',')}`)
}

/** The marker of the drift issue of one target. */
export function issueMarker(target: string): string {
  return markerComment(`issue:${target}`)
}

/** The state line under a comment's marker; empty when there is nothing to remember. */
export function stateMarker(state: BodyMarkers['state']): string {
  if (state === 'attention') return ATTENTION
  if (state === 'resolved') return RESOLVED
  return ''
}

/** The link to the closed issue before; empty when there is none. */
export function previousMarker(previous: number | undefined): string {
  return previous === undefined ? '' : `<!-- kube-drift-previous:${previous} -->`
}

/**
 * The markers of a body that opens with `marker` (ours), read from the lines
 * right under it up to the first line that is not a marker; undefined when the
 * body does not open with `marker`.
 */
export function readMarkers(
  body: string | null | undefined,
  marker: string
): BodyMarkers | undefined {
  if (!body?.startsWith(marker)) return undefined
  const rest = body.slice(marker.length)
  if (rest !== '' && !/^\r?\n/.test(rest)) return undefined
  const found: BodyMarkers = {}
  for (const line of rest.split(/\r?\n/).slice(1)) {
    if (line === ATTENTION) found.state = 'attention'
    else if (line === RESOLVED) found.state = 'resolved'
    else if (PREVIOUS.test(line)) found.previous = Number(PREVIOUS.exec(line)?.[1])
    // Any line that opens like the history is handed on, a damaged one too: its reader warns.
    else if (line.startsWith(HISTORY_MARKER_PREFIX)) found.history = line
    else break
  }
  return found
}
