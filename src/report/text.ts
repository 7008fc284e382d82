// The terminal report of `kube-drift check`, in the spirit of Flux's
// `► Deployment/web/api drifted` lines: one line per resource, the drifted
// fields under it with who changed them, then the diff. Colour only when asked
// (a TTY without NO_COLOR): logs and pipes get plain text.
import { formatResource } from '../util/resource-identity.ts'
import type { DriftReport, FieldChange, ResourceResult, TargetReport, Verdict } from '../types.ts'
import {
  COMPARISON_LABEL,
  attribution,
  describeChange,
  pointerToPath,
  STATUS_LABEL,
  summaryLine,
  verdictOf,
  verdictText
} from './format.ts'
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

const STATUS_SYMBOL: Record<Verdict, string> = {
  InSync: '✔',
  Drifted: '►',
  Missing: '+',
  Extra: '-',
  Error: '✗'
}

const STATUS_STYLE: Record<Verdict, Style> = {
  InSync: 'green',
  Drifted: 'yellow',
  Missing: 'yellow',
  Extra: 'yellow',
  Error: 'red'
}

const VERDICT_SYMBOL = { 'in-sync': '✔', drift: '►', error: '✗' } as const
const VERDICT_STYLE = { 'in-sync': 'green', drift: 'yellow', error: 'red' } as const

export function toText(report: DriftReport, options: TextOptions): string {
  const paint = (style: Style, text: string): string =>
    options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text
  const lines: string[] = []
  for (const target of report.targets) {
    lines.push(...targetLines(target, paint), '')
  }
  const verdict = verdictOf(report.summary)
  const cluster = report.cluster ? ` on ${report.cluster.context}` : ''
  const version = report.cluster?.version ? ` (Kubernetes ${report.cluster.version})` : ''
  lines.push(
    paint(
      VERDICT_STYLE[verdict],
      `${VERDICT_SYMBOL[verdict]} ${verdictText(report.summary)}${cluster}${version}`
    ),
    summaryLine(report.summary)
  )
  if (report.cluster?.warning) lines.push(paint('yellow', `warning: ${report.cluster.warning}`))
  return `${lines.join('\n')}\n`
}

type Paint = (style: Style, text: string) => string

function targetLines(target: TargetReport, paint: Paint): string[] {
  const summary = summarize([target])
  const header = `${target.name} (${target.renderer}, ${target.path}): ${verdictText(summary)}`
  const lines = [paint('bold', header), paint('dim', `  ${COMPARISON_LABEL[target.comparison]}`)]
  for (const resource of target.resources) lines.push(...resourceLines(resource, paint))
  for (const note of target.notes) lines.push(`  note: ${note}`)
  return lines
}

function resourceLines(resource: ResourceResult, paint: Paint): string[] {
  const style = STATUS_STYLE[resource.status]
  const where = resource.source
    ? paint('dim', ` (${resource.source.file}:${resource.source.line})`)
    : ''
  const status =
    resource.status === 'Error'
      ? `error: ${(resource.error ?? 'unknown error').replace(/\r?\n/g, '\n      ')}`
      : STATUS_LABEL[resource.status]
  const lines = [
    `  ${paint(style, STATUS_SYMBOL[resource.status])} ${formatResource(resource)} ${paint(style, status)}${where}`
  ]
  for (const change of resource.changes) lines.push(`      ${changeLine(change, paint)}`)
  if (resource.ignored > 0) lines.push(paint('dim', `      (${resource.ignored} ignored)`))
  if (resource.diff.trim() !== '') {
    for (const line of resource.diff.replace(/\n$/, '').split('\n')) {
      lines.push(`      ${diffLine(line, paint)}`)
    }
  }
  return lines
}

/** `spec.replicas: 3 → 5 (kubectl-scale, 2026-11-20 03:12 UTC)`, `+ …: added out of band by kubectl-edit, …`. */
function changeLine(change: FieldChange, paint: Paint): string {
  const text = `${pointerToPath(change.path)}: ${describeChange(change)}`
  const who = attribution(change)
  if (change.reason === 'added-out-of-band') {
    return `${paint('green', '+')} ${text}${who ? ` by ${who}` : ''}`
  }
  const marker = change.reason === 'removed-from-git' ? `${paint('red', '-')} ` : ''
  return `${marker}${text}${who ? ` (${who})` : ''}`
}

function diffLine(line: string, paint: Paint): string {
  if (line.startsWith('+++') || line.startsWith('---')) return paint('bold', line)
  if (line.startsWith('@@')) return paint('cyan', line)
  if (line.startsWith('+')) return paint('green', line)
  if (line.startsWith('-')) return paint('red', line)
  return line
}
