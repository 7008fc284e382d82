// Whether a body kube-drift wrote before says the same as the one it would write
// now, so an unchanged night rewrites nothing (no notification, no "edited").
// The one place that decides it: the drift issue, the PR comment and lifecycle's
// state use it. Only parts that change on every run with nothing else changed are
// left out of the comparison: the link to the run, the commit in source links, the
// time of the check, and relative times (whose exact time is still compared).
import { CHECKED_AT } from '../report/markdown-blocks.ts'

/** The footer that names the run which last changed a body (left out of the comparison). */
export const LAST_CHANGED_PREFIX = '_This report last changed in'

/** The drift issue's line saying when the ages it shows were counted (left out, as the ages are). */
export const AGES_PREFIX = '_Ages are counted to'

const VOLATILE: [RegExp, string][] = [
  // The footer line naming the run.
  [new RegExp(`^${escapeRegExp(LAST_CHANGED_PREFIX)}.*$`, 'gm'), ''],
  [new RegExp(`^${escapeRegExp(AGES_PREFIX)}.*$`, 'gm'), ''],
  // Any link to a workflow run (the cut note's "job summary" link too).
  [/\/actions\/runs\/\d+(?:\/attempts?\/\d+)?(?:\/job\/\d+)?/g, '/actions/runs/…'],
  // Source links point at the commit checked: a new commit that changed no manifest changes them.
  [/\/blob\/[0-9a-f]{7,64}\//g, '/blob/…/'],
  // The time of the check on the title's second line.
  [new RegExp(`${CHECKED_AT} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`, 'g'), `${CHECKED_AT} …`],
  // `3 h ago` becomes `4 h ago` on its own; the title holds the exact time, which is compared.
  [/(<span title="[^"]*">)[^<]*(<\/span>)/g, '$1…$2']
]

/** The body with what changes on every run taken out, line ends made alike. */
export function stableBody(body: string | null | undefined): string {
  let text = (body ?? '').replace(/\r\n/g, '\n')
  for (const [pattern, replacement] of VOLATILE) text = text.replace(pattern, replacement)
  return text.trimEnd()
}

/** True when `before` and `after` differ in nothing but volatile parts: leave `before` as it is. */
export function sameBody(before: string | null | undefined, after: string): boolean {
  return stableBody(before) === stableBody(after)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
