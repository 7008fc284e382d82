// The terminal report of `kube-drift check`, in the spirit of Flux's
// `► Deployment/web/api drifted` lines: one line per resource, the drifted
// fields under it (cluster → Git) with who changed them, then the diff; the
// same symbols and words as the Markdown report, explained once at the end.
// Colour only when asked (a TTY without NO_COLOR): logs and pipes get plain text.
import type { DriftReport, FieldChange, ResourceResult, TargetReport, Verdict } from '../types.ts'
import { formatResource } from '../util/resource-identity.ts'
import {
  COMPARISON_LABEL,
  DIRECTION_LABEL,
  ORIGIN_BADGE,
  STATUS_SYMBOL,
  attribution,
  describeChange,
  formatTime,
  legendItems,
  managerOf,
  plural,
  pointerToPath,
  STATUS_LABEL,
  summaryLine,
  verdictOf,
  verdictText
} from './format.ts'
import { firstSeenText, resolvedText } from './history.ts'
import { nextSteps } from './next-steps.ts'
import { SEVERITY_SYMBOL } from './severity.ts'
import { suggestIgnores } from '../drift/lifecycle/suggestions.ts'
import { introducedFirst, sortForReview } from './origin.ts'
import { summarize } from '../drift/summary.ts'

export interface TextOptions {
  color: boolean
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m'
} as const

type Style = keyof typeof ANSI

const STATUS_STYLE: Record<Verdict, Style> = {
  InSync: 'green',
  Drifted: 'yellow',
  Missing: 'yellow',
  Extra: 'yellow',
  Error: 'red'
}

const VERDICT_SYMBOL = {
  'in-sync': STATUS_SYMBOL.InSync,
  drift: STATUS_SYMBOL.Drifted,
  error: STATUS_SYMBOL.Error
} as const
const VERDICT_STYLE = { 'in-sync': 'green', drift: 'yellow', error: 'red' } as const

export function toText(report: DriftReport, options: TextOptions): string {
  const paint = (style: Style, text: string): string =>
    options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text
  const lines: string[] = []
  for (const target of report.targets) {
    lines.push(...targetLines(target, paint, report.generatedAt), '')
  }
  const verdict = verdictOf(report.summary)
  const cluster = report.cluster ? ` on ${report.cluster.context}` : ''
  const version = report.cluster?.version ? ` (Kubernetes ${report.cluster.version})` : ''
  lines.push(
    paint(
      VERDICT_STYLE[verdict],
      `${VERDICT_SYMBOL[verdict]} ${verdictText(report.summary)}${cluster}${version}`
    ),
    summaryLine(report.summary),
    ...historyLine(report),
    paint('dim', `${legendItems().join(' · ')} · changes read ${DIRECTION_LABEL}`)
  )
  if (report.cluster?.warning) lines.push(paint('yellow', `warning: ${report.cluster.warning}`))
  return `${lines.join('\n')}\n`
}

type Paint = (style: Style, text: string) => string

/** With a history (--state): `since the last run: 1 new, 2 still drifted, 1 resolved`. */
function historyLine(report: DriftReport): string[] {
  const changes = report.targets.flatMap(target => target.resources.flatMap(r => r.changes))
  const tracked = changes.filter(change => change.lifecycle !== undefined)
  const resolved = report.targets.reduce((sum, target) => sum + (target.resolved?.length ?? 0), 0)
  if (tracked.length === 0 && resolved === 0) return []
  const fresh = tracked.filter(change => change.lifecycle === 'new').length
  return [
    `since the last run: ${fresh} new, ${tracked.length - fresh} still drifted, ${resolved} resolved`
  ]
}

function targetLines(target: TargetReport, paint: Paint, now: string): string[] {
  const summary = summarize([target])
  const header = `${target.name} (${target.renderer}, ${target.path}): ${verdictText(summary)}`
  const lines = [paint('bold', header), paint('dim', `  ${COMPARISON_LABEL[target.comparison]}`)]
  for (const resource of sortForReview(target.resources)) {
    lines.push(...resourceLines(resource, paint, now))
  }
  // With a history (--state): what went away since the last run.
  for (const field of target.resolved ?? []) {
    lines.push(`  ${paint('green', STATUS_SYMBOL.InSync)} resolved: ${resolvedText(field, now)}`)
  }
  for (const note of target.notes) lines.push(`  note: ${note}`)
  const steps = nextSteps(
    target,
    sortForReview(target.resources.filter(r => r.status !== 'InSync'))
  )
  if (steps) {
    lines.push(`  next: make the cluster match Git: ${steps.reconcile}`)
    if (steps.adopt) lines.push(`        keep the cluster's values: ${steps.adopt}`)
    const suggested = suggestIgnores(target.resources).length
    if (suggested > 0) {
      lines.push(
        `        ignore what a controller or webhook keeps changing: ${suggested} suggested ${plural(suggested, 'rule')}, kube-drift check --suggest-ignores`
      )
    }
    if (steps.ignoreRule) {
      lines.push("        ignore the difference: add to the target's ignore: in .kube-drift.yaml")
      for (const line of steps.ignoreRule.split('\n')) lines.push(`          ${line}`)
    }
  }
  return lines
}

function resourceLines(resource: ResourceResult, paint: Paint, now: string): string[] {
  const style = STATUS_STYLE[resource.status]
  const where = resource.source
    ? paint('dim', ` (${resource.source.file}:${resource.source.line})`)
    : ''
  const status =
    resource.status === 'Error'
      ? `error: ${(resource.error ?? 'unknown error').replace(/\r?\n/g, '\n      ')}`
      : STATUS_LABEL[resource.status]
  const origin = resource.origin ? ` [${ORIGIN_BADGE[resource.origin]}]` : ''
  const lines = [
    `  ${paint(style, STATUS_SYMBOL[resource.status])} ${formatResource(resource)} ${paint(style, status)}${origin}${where}`
  ]
  for (const change of introducedFirst(resource.changes)) {
    const seen = firstSeenText(change, now)
    const history = seen ? paint(change.lifecycle === 'new' ? 'yellow' : 'dim', ` [${seen}]`) : ''
    lines.push(`      ${changeLine(resource, change)}${history}`)
  }
  if (resource.ignored > 0) lines.push(paint('dim', `      (${resource.ignored} ignored)`))
  if (resource.diff.trim() !== '') {
    for (const line of resource.diff.replace(/\n$/, '').split('\n')) {
      lines.push(`      ${diffLine(line, paint)}`)
    }
  }
  return lines
}

/** `spec.replicas: 5 → 3 (kubectl-scale, 2026-11-20 03:12 UTC)`; an Extra's creator; `(this PR)`. */
function changeLine(resource: ResourceResult, change: FieldChange): string {
  // Padded to the longest word (critical), so the paths line up.
  const badge = change.severity
    ? `${SEVERITY_SYMBOL[change.severity]} ${change.severity.padEnd(8)} `
    : ''
  return `${badge}${changeText(resource, change)}`
}

function changeText(resource: ResourceResult, change: FieldChange): string {
  const who = attribution(change)
  if (change.path === '') {
    if (resource.status === 'Extra' && change.origin !== 'introduced' && managerOf(change)) {
      const when = change.time ? `, ${formatTime(change.time)}` : ''
      return `created by ${managerOf(change)}${when}`
    }
    return `${describeChange(change)}${who ? ` (${who})` : ''}`
  }
  return `${pointerToPath(change.path)}: ${describeChange(change)}${who ? ` (${who})` : ''}`
}

function diffLine(line: string, paint: Paint): string {
  if (line.startsWith('+++') || line.startsWith('---')) return paint('bold', line)
  if (line.startsWith('@@')) return paint('cyan', line)
  if (line.startsWith('+')) return paint('green', line)
  if (line.startsWith('-')) return paint('red', line)
  return line
}
