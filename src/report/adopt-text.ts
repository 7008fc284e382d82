// An adoption as terminal text: per target, the files written (or, for a dry
// run, their diff), each adopted field with the value now in Git, what was
// skipped and what could not be adopted with why, Helm values to edit by hand,
// and the check after writing. The last line is the verdict.
import type { AdoptOutcome, AdoptSkip } from '../adopt/types.ts'
import { fileDiff } from './adopt-diff.ts'
import { formatValue, plural, pointerToPath } from './format.ts'
import { adoptVerdict } from './verdict.ts'

export function adoptToText(outcomes: readonly AdoptOutcome[]): string {
  const lines: string[] = []
  for (const outcome of outcomes) lines.push(...targetLines(outcome), '')
  const verdict = adoptVerdict(outcomes)
  lines.push(`kube-drift adopt: ${verdict.message}`)
  return `${lines.join('\n')}\n`
}

function targetLines(o: AdoptOutcome): string[] {
  const lines = [
    `Target ${o.target} (${o.renderer})${o.dryRun ? ': dry run, nothing written' : ''}`
  ]
  const section = (title: string, body: string[]) => {
    if (body.length > 0) lines.push(`  ${title}`, ...body.map(line => `    ${line}`))
  }
  if (o.dryRun) {
    section(
      `Would write ${count(o.files.length, 'file')}:`,
      o.files.flatMap(change => fileDiff(change).trimEnd().split('\n'))
    )
  } else {
    const verb = o.written ? 'Wrote' : 'Ready to write (not written)'
    section(
      `${verb} ${count(o.files.length, 'file')}:`,
      o.files.map(f => `${f.path}${f.before === null ? ' (new)' : ''}`)
    )
  }
  section(
    `${o.dryRun ? 'Would adopt' : 'Adopted'} ${count(o.adopted.length, 'field')} (live value → Git):`,
    grouped(
      o.adopted.map(a => ({
        resource: `${a.resource} → ${a.file}`,
        line:
          a.action === 'remove'
            ? `${pointerToPath(a.path)}: removed (absent live)`
            : `${pointerToPath(a.path)} = ${formatValue(a.value)}`
      }))
    )
  )
  section(
    `Extra objects ${o.dryRun ? 'to write' : 'written'}:`,
    o.extras.map(e => `${e.resource} → ${e.file}`)
  )
  section('Skipped on purpose:', skipLines(o.skipped))
  section('Could not be adopted:', skipLines(o.failed))
  section('Not compared (Error):', skipLines(o.errors))
  const first = o.suggestions[0]
  if (first) {
    const values =
      first.valuesFiles.length > 0 ? first.valuesFiles.join(', ') : `${first.chart}/values.yaml`
    section(
      `Helm chart ${first.chart}: nothing written (values cannot be inferred from rendered output). Edit ${values} so the chart renders the live values:`,
      grouped(
        o.suggestions.map(s => ({
          resource: s.template ? `${s.resource} (template ${s.template})` : s.resource,
          line: `${pointerToPath(s.path)}: live ${formatValue(s.live)}, chart renders ${formatValue(s.desired)}`
        }))
      )
    )
  }
  if (o.recheck) {
    section(
      'Checked again:',
      o.recheck.map(r =>
        r.stillDiffering.length === 0
          ? `✔ ${r.resource}: ${r.status === 'InSync' ? 'in sync' : `adopted fields in sync (other drift remains: ${r.status})`}`
          : `✖ ${r.resource}: still differs at ${r.stillDiffering.map(pointerToPath).join(', ')}${r.error ? `: ${r.error}` : ''}`
      )
    )
  }
  if (lines.length === 1) lines.push('  nothing to adopt')
  return lines
}

function count(n: number, word: string): string {
  return `${n} ${plural(n, word)}`
}

function skipLines(skips: readonly AdoptSkip[]): string[] {
  return grouped(
    skips.map(s => ({
      resource: s.resource,
      line: s.path ? `${pointerToPath(s.path)}: ${s.why}` : s.why
    }))
  )
}

/** Lines under their resource, resources in first-seen order. */
function grouped(entries: readonly { resource: string; line: string }[]): string[] {
  const byResource = new Map<string, string[]>()
  for (const { resource, line } of entries) {
    byResource.set(resource, [...(byResource.get(resource) ?? []), line])
  }
  return [...byResource].flatMap(([resource, items]) => [
    resource,
    ...items.map(item => `  ${item}`)
  ])
}
