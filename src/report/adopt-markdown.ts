// An adoption as Markdown: the body of the pull request the action opens for a
// target (and `adopt -o markdown`). Every value from the cluster or the
// repository is escaped; Secret values never reach here (adopt skips them).
import type { AdoptOutcome, AdoptSkip } from '../adopt/types.ts'
import { fileDiff } from './adopt-diff.ts'
import { formatValue, plural, pointerToPath } from './format.ts'
import { codeSpan, escapeText, fencedBlock } from './markdown-text.ts'
import { adoptVerdict } from './verdict.ts'

export function adoptToMarkdown(outcomes: readonly AdoptOutcome[]): string {
  const verdict = adoptVerdict(outcomes)
  const blocks = [`**kube-drift adopt:** ${escapeText(verdict.message)}`]
  for (const outcome of outcomes) blocks.push(targetMarkdown(outcome))
  return `${blocks.join('\n\n')}\n`
}

function targetMarkdown(o: AdoptOutcome): string {
  const blocks = [
    `### Target ${codeSpan(o.target, { inTable: false })} (${o.renderer})${o.dryRun ? ': dry run, nothing written' : ''}`
  ]
  if (o.adopted.length > 0) {
    const rows = o.adopted.map(
      a =>
        `| ${escapeText(a.resource)} | ${codeSpan(pointerToPath(a.path))} | ${a.action === 'remove' ? 'removed (absent live)' : codeSpan(formatValue(a.value))} | ${codeSpan(a.file)} |`
    )
    blocks.push(
      [
        `${o.written ? 'Live values written' : 'Live values to write'} into Git (${o.adopted.length} ${plural(o.adopted.length, 'field')}):`,
        '',
        '| Resource | Field | Live value | File |',
        '| --- | --- | --- | --- |',
        ...rows
      ].join('\n')
    )
  }
  if (o.extras.length > 0) {
    blocks.push(
      [
        'Objects found only in the cluster, written as new files (server-set fields removed):',
        ...o.extras.map(
          e => `- ${escapeText(e.resource)} → ${codeSpan(e.file, { inTable: false })}`
        )
      ].join('\n')
    )
  }
  if (o.suggestions.length > 0) {
    const rows = o.suggestions.map(
      s =>
        `| ${escapeText(s.resource)} | ${codeSpan(pointerToPath(s.path))} | ${codeSpan(formatValue(s.live))} | ${codeSpan(formatValue(s.desired))} | ${s.template ? codeSpan(s.template) : ''} |`
    )
    blocks.push(
      [
        `**Helm chart: nothing written.** Values cannot be inferred from the rendered output; edit the values (chart ${codeSpan(o.suggestions[0]?.chart ?? '', { inTable: false })}) so the chart renders the live value:`,
        '',
        '| Resource | Field | Live value | Chart renders | Template |',
        '| --- | --- | --- | --- | --- |',
        ...rows
      ].join('\n')
    )
  }
  blocks.push(...skipBlock('Could not be adopted', o.failed))
  blocks.push(...skipBlock('Not compared (Error)', o.errors))
  blocks.push(...skipBlock('Skipped on purpose', o.skipped))
  if (o.recheck) {
    blocks.push(
      [
        'Checked again after writing:',
        ...o.recheck.map(r =>
          r.stillDiffering.length === 0
            ? `- ✅ ${escapeText(r.resource)}: adopted fields in sync`
            : `- ❌ ${escapeText(r.resource)}: still differs at ${r.stillDiffering.map(p => codeSpan(pointerToPath(p), { inTable: false })).join(', ')}${r.error ? `: ${escapeText(r.error)}` : ''}`
        )
      ].join('\n')
    )
  }
  if (o.files.length > 0) {
    const diff = o.files.map(fileDiff).join('')
    blocks.push(
      `<details><summary>${o.files.length} ${plural(o.files.length, 'file')} ${o.written ? 'changed' : 'to change'}</summary>\n\n${fencedBlock(diff, 'diff')}\n\n</details>`
    )
  }
  if (blocks.length === 1) blocks.push('Nothing to adopt.')
  return blocks.join('\n\n')
}

function skipBlock(title: string, skips: readonly AdoptSkip[]): string[] {
  if (skips.length === 0) return []
  return [
    [
      `**${title}** (${skips.length}):`,
      ...skips.map(
        s =>
          `- ${escapeText(s.resource)}${s.path ? ` ${codeSpan(pointerToPath(s.path), { inTable: false })}` : ''}: ${escapeText(s.why)}`
      )
    ].join('\n')
  ]
}
