// The report as a reviewer reads it (issue 12): one direction, the pull request's
// own drift first and kept longest, who and when per change, one legend, short
// multi-line values, and what to do next.
import { marked, type Tokens } from 'marked'
import { parseIgnoreRules } from '../../../src/config/ignore-rules.ts'
import { filterIgnored } from '../../../src/drift/ignore.ts'
import { legendItems, STATUS_SYMBOL } from '../../../src/report/format.ts'
import { toJson } from '../../../src/report/json.ts'
import { toMarkdown } from '../../../src/report/markdown.ts'
import { failingDriftCount } from '../../../src/report/origin.ts'
import { toText } from '../../../src/report/text.ts'
import type { FieldChange, ResourceResult } from '../../../src/types.ts'
import { driftedDeployment, reportOf, resource, target } from './sample-reports.ts'

const reviews: FieldChange = {
  path: '/spec/template/spec/containers/0/env/0/value',
  reason: 'changed',
  live: 'checkout,wishlist',
  desired: 'checkout,wishlist,reviews',
  manager: 'kubectl-client-side-apply',
  operation: 'Update',
  time: '2026-11-19T03:00:00Z',
  origin: 'introduced'
}
const scaled: FieldChange = { ...driftedDeployment.changes[0]!, origin: 'pre-existing' }

/** A PR that adds `reviews`, on a Deployment someone had scaled before the PR. */
function pullRequestReport() {
  const deployment = resource({
    ...driftedDeployment,
    origin: 'mixed',
    changes: [scaled, reviews]
  })
  const older = resource({
    kind: 'ConfigMap',
    name: 'flags',
    status: 'Drifted',
    origin: 'pre-existing',
    changes: [
      {
        path: '/data/mode',
        reason: 'changed',
        live: 'b',
        desired: 'a',
        manager: 'kubectl-edit',
        time: '2026-11-18T03:30:00Z',
        origin: 'pre-existing'
      }
    ],
    diff: '--- live (cluster)\n+++ desired (Git)\n-mode: b\n+mode: a\n'
  })
  return reportOf([target([older, deployment])])
}

function tables(markdown: string): Tokens.Table[] {
  const found: Tokens.Table[] = []
  marked.walkTokens(marked.lexer(markdown), token => {
    if (token.type === 'table') found.push(token as Tokens.Table)
  })
  return found
}

describe('one direction: cluster → Git, what applying Git would do', () => {
  it('a PR adding `reviews` reads "checkout,wishlist" → "checkout,wishlist,reviews" in the table, the CLI and the diff header', () => {
    const report = pullRequestReport()
    const markdown = toMarkdown(report)
    expect(markdown).toContain('`"checkout,wishlist"` → `"checkout,wishlist,reviews"`')
    expect(markdown).toContain('| Resource | Change (cluster → Git) | By, when |')
    expect(toText(report, { color: false })).toContain(
      'spec.template.spec.containers[0].env[0].value: "checkout,wishlist" → "checkout,wishlist,reviews" (this PR)'
    )
  })

  it('the JSON lists live before desired in every change, in the same sense', () => {
    const json = toJson(pullRequestReport())
    const change = json.slice(
      json.indexOf('"path": "/spec/template/spec/containers/0/env/0/value"')
    )
    expect(change.indexOf('"live"')).toBeLessThan(change.indexOf('"desired"'))
  })
})

describe("the pull request's own changes first", () => {
  it('badges each resource and lists the introduced ones first, in the table and in the diffs', () => {
    const markdown = toMarkdown(pullRequestReport())
    expect(markdown).toContain('**This pull request** 🆕 brings drift to 1 resource (listed first)')
    const mixedRow = markdown.indexOf('⚠️ `Deployment.apps web/api` **🆕 this PR + before**')
    const olderRow = markdown.indexOf('⚠️ `ConfigMap web/flags` **before this PR**')
    expect(mixedRow).toBeGreaterThan(0)
    expect(olderRow).toBeGreaterThan(mixedRow)
    expect(markdown.indexOf('<code>Deployment.apps web/api</code>')).toBeLessThan(
      markdown.indexOf('<code>ConfigMap web/flags</code>')
    )
  })

  it("says `this PR` for the PR's own change, not the kubectl apply that set the live value", () => {
    const markdown = toMarkdown(pullRequestReport())
    const line = markdown.split('\n').find(text => text.includes('checkout,wishlist,reviews'))
    expect(line).toMatch(/\| 🆕 this PR \|$/)
    expect(line).not.toContain('kubectl-client-side-apply')
    // Within the resource, the PR's change comes first too.
    expect(markdown.indexOf('checkout,wishlist,reviews')).toBeLessThan(
      markdown.indexOf('`spec.replicas`')
    )
  })

  it('cuts the diffs from before the PR first, even in an earlier target', () => {
    const big = (name: string, origin: ResourceResult['origin']): ResourceResult =>
      resource({
        ...driftedDeployment,
        name,
        origin,
        changes: [{ ...scaled, origin: origin === 'introduced' ? 'introduced' : 'pre-existing' }],
        diff: `--- live (cluster)\n+++ desired (Git)\n${'-  x: y\n'.repeat(300)}`
      })
    const report = reportOf([
      target(
        Array.from({ length: 8 }, (_, i) => big(`old-${i}`, 'pre-existing')),
        { name: 'first', path: 'first/' }
      ),
      target([big('mine', 'introduced')], { name: 'second', path: 'second/' })
    ])
    const markdown = toMarkdown(report, { maxLength: 12_000 })
    expect(markdown.length).toBeLessThanOrEqual(12_000)
    expect(markdown).toContain('The report was cut')
    // The PR's diff, in the last target, stays; older ones went.
    expect(markdown).toContain('<code>Deployment.apps web/mine</code>')
    expect(markdown).not.toContain('<code>Deployment.apps web/old-7</code>')
  })

  it('fail-on-drift: introduced counts only drift the PR brings, or whose origin is unknown', () => {
    expect(failingDriftCount(pullRequestReport())).toBe(1)
    const before = reportOf([target([resource({ ...driftedDeployment, origin: 'pre-existing' })])])
    expect(failingDriftCount(before)).toBe(0)
    // No base compared (a push, or the base failed): fail closed, every drift counts.
    expect(failingDriftCount(reportOf([target([driftedDeployment])]))).toBe(1)
  })
})

describe('fits the comment: who and when beside each change', () => {
  it('has one table line per change, each with its own who', () => {
    const markdown = toMarkdown(pullRequestReport())
    const [, table] = tables(markdown)
    expect(table!.header.map(cell => cell.text)).toEqual([
      'Resource',
      'Change (cluster → Git)',
      'By, when'
    ])
    // 2 changes of the Deployment, 1 of the ConfigMap.
    expect(table!.rows).toHaveLength(3)
    for (const row of table!.rows) expect(row[2]!.text).not.toBe('')
  })

  it('shows a short relative time with the exact time on hover (a span title GitHub keeps)', () => {
    const markdown = toMarkdown(pullRequestReport())
    expect(markdown).toContain(
      'kubectl-scale · <span title="2026-11-20 03:12 UTC">17 min ago</span>'
    )
    expect(markdown).toContain('kubectl-edit · <span title="2026-11-18 03:30 UTC">2 d ago</span>')
  })

  it('uses short absolute times, and no check time, for a body kept while unchanged (the issue)', () => {
    const markdown = toMarkdown(pullRequestReport(), { times: 'absolute', checkedAt: false })
    expect(markdown).toContain(
      'kubectl-scale · <span title="2026-11-20 03:12 UTC">Nov 20 03:12</span>'
    )
    expect(markdown).not.toContain('ago')
    expect(markdown).not.toContain('checked 2026')
  })

  it('names the creator of an Extra object from managedFields', () => {
    const extra = resource({
      name: 'stray',
      status: 'Extra',
      method: 'none',
      source: undefined,
      changes: [
        {
          path: '',
          reason: 'added-out-of-band',
          manager: 'kubectl-create',
          operation: 'Update',
          time: '2026-11-19T03:30:00Z'
        }
      ],
      diff: '--- live (cluster)\n+++ desired (Git)\n-kind: ConfigMap\n'
    })
    const report = reportOf([target([extra])])
    expect(toMarkdown(report)).toContain(
      '| ➖ `ConfigMap web/stray` | in the cluster, not in Git | created by kubectl-create · <span title="2026-11-19 03:30 UTC">24 h ago</span> |'
    )
    expect(toText(report, { color: false })).toContain(
      'created by kubectl-create, 2026-11-19 03:30 UTC'
    )
  })
})

describe('one legend', () => {
  it('is said once, with the symbols the CLI uses too, and no ❔ for Missing', () => {
    const report = reportOf([
      target([driftedDeployment, resource({ kind: 'Service', status: 'Missing', method: 'none' })])
    ])
    const markdown = toMarkdown(report)
    expect(markdown.split('➕ missing: in Git, not in the cluster')).toHaveLength(2)
    for (const item of legendItems()) expect(markdown).toContain(item)
    expect(markdown).not.toContain('❔')
    const text = toText(report, { color: false })
    expect(text).toContain(`  ${STATUS_SYMBOL.Missing} Service web/settings missing`)
    expect(text).toContain(`  ${STATUS_SYMBOL.Drifted} Deployment.apps web/api drifted`)
    expect(markdown).toContain(`| ${STATUS_SYMBOL.Missing} \`Service web/settings\``)
  })
})

describe('multi-line values', () => {
  it('show one line and how many there are, never escaped \\n noise', () => {
    const config = resource({
      name: 'app',
      status: 'Drifted',
      changes: [
        {
          path: '/data/app.yaml',
          reason: 'changed',
          live: 'a: 1\nb: 2\nc: 3\n',
          desired: 'a: 1\nb: 3\nc: 3\n'
        },
        { path: '/data/motd', reason: 'changed', live: 'hello\nworld', desired: 'bye' }
      ],
      diff: '--- live (cluster)\n+++ desired (Git)\n'
    })
    const markdown = toMarkdown(reportOf([target([config])]))
    expect(markdown).not.toContain('\\n')
    // First lines equal: the first line that differs, with its number.
    expect(markdown).toContain('`"b: 2" (line 2 of 3)` → `"b: 3" (line 2 of 3)`')
    expect(markdown).toContain('`"hello…" (2 lines)` → `"bye"`')
  })
})

describe('next steps', () => {
  it('name the reconcile command and input, adopt, and an exact ignore rule that silences the change', () => {
    const report = reportOf([target([driftedDeployment], { name: 'web', path: 'deploy/' })])
    const markdown = toMarkdown(report)
    expect(markdown).toContain('`kube-drift reconcile --target web`')
    expect(markdown).toContain('`mode: reconcile`')
    expect(markdown).toContain('`kube-drift adopt --target web --only Deployment/web/api`')
    const yaml = /```yaml\n([\s\S]*?)```/.exec(markdown)?.[1]
    expect(yaml).toBe(
      [
        '- group: apps',
        '  kind: Deployment',
        '  namespace: web',
        '  name: api',
        '  paths: ["/spec/replicas", "/spec/template/spec/containers/0/env/2"]',
        ''
      ].join('\n')
    )
    // The rule, read as .kube-drift.yaml reads it, silences exactly these changes.
    const rules = parseIgnoreRules(yaml!, 'test')
    const { kept, ignored } = filterIgnored(driftedDeployment.changes, rules, driftedDeployment)
    expect(kept).toEqual([])
    expect(ignored).toHaveLength(2)
    // ... and nothing of another resource.
    const other = { ...driftedDeployment, name: 'web' }
    expect(filterIgnored(driftedDeployment.changes, rules, other).ignored).toEqual([])
  })

  it("never offer to adopt or ignore the pull request's own change", () => {
    const markdown = toMarkdown(pullRequestReport())
    expect(markdown).toContain(
      '`kube-drift adopt --target web --only Deployment/web/api --field /spec/replicas`'
    )
    const yaml = /```yaml\n([\s\S]*?)```/.exec(markdown)?.[1] ?? ''
    expect(yaml).toContain('paths: ["/spec/replicas"]')
    expect(yaml).not.toContain('env/0')
  })

  it('select a target given by path with --path, and are absent when all is in sync', () => {
    const byPath = reportOf([target([driftedDeployment], { name: 'deploy/', path: 'deploy/' })])
    expect(toMarkdown(byPath)).toContain('`kube-drift reconcile --path deploy/`')
    expect(toMarkdown(reportOf([target([resource({})])]))).not.toContain('Next steps')
  })
})
