import { marked, type Tokens } from 'marked'
import { toMarkdown } from '../../../src/report/markdown.ts'
import type { DriftReport, SourceRef } from '../../../src/types.ts'
import { driftedDeployment, reportOf, resource, target, typicalReport } from './sample-reports.ts'

/** Follows CommonMark's fence rules line by line; returns the fences opened and whether all closed. */
function fences(markdown: string): { opened: number; closed: number; open: boolean } {
  let open: string | undefined
  let opened = 0
  let closed = 0
  for (const line of markdown.split('\n')) {
    const fence = /^(`{3,})(.*)$/.exec(line)
    if (!fence) continue
    if (open === undefined) {
      open = fence[1]
      opened++
    } else if (fence[1]!.length >= open.length && fence[2]!.trim() === '') {
      open = undefined
      closed++
    }
  }
  return { opened, closed, open: open !== undefined }
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1
}

function tables(markdown: string): Tokens.Table[] {
  const found: Tokens.Table[] = []
  marked.walkTokens(marked.lexer(markdown), token => {
    if (token.type === 'table') found.push(token as Tokens.Table)
  })
  return found
}

const githubLink = (source: SourceRef): string =>
  `https://github.com/acme/shop/blob/abc123/${source.file}#L${source.line}`

/** 200 drifted Deployments with a big diff each: far beyond a comment's 65,536 characters. */
function hugeReport(): DriftReport {
  const diff = Array.from({ length: 40 }, (_, line) => `-  key${line}: ${'x'.repeat(40)}`).join(
    '\n'
  )
  const resources = Array.from({ length: 200 }, (_, index) =>
    resource({
      ...driftedDeployment,
      name: `api-${index}`,
      diff: `--- live\n+++ desired\n${diff}\n`
    })
  )
  return reportOf([target(resources)])
}

describe('toMarkdown', () => {
  // The GitHub marker above the title is github/markers.ts's (see markers.test.ts).
  it('starts with a title naming the target and the verdict', () => {
    const markdown = toMarkdown(typicalReport())
    const lines = markdown.split('\n')
    expect(lines[0]).toBe('### kube-drift · web: ❌ error in 1 of 12 resources, drift in 2')
    expect(lines[1]).toBe('cluster `prod` (v1.31.2) · 2026-11-20 03:30 UTC')
  })

  it('quotes the untested-version warning under the title', () => {
    const report = typicalReport()
    expect(toMarkdown(report)).not.toContain('⚠️ Kubernetes')
    report.cluster = { ...report.cluster!, warning: 'Kubernetes v1.31.2 is <outside> the range' }
    const lines = toMarkdown(report).split('\n')
    expect(lines.slice(1, 4)).toEqual([
      'cluster `prod` (v1.31.2) · 2026-11-20 03:30 UTC',
      '',
      '> ⚠️ Kubernetes v1.31.2 is \\<outside\\> the range'
    ])
  })

  it('writes no HTML comment: GitHub markers are not part of the report', () => {
    expect(toMarkdown(typicalReport())).not.toContain('<!--')
  })

  it('says in sync when nothing drifted', () => {
    const markdown = toMarkdown(reportOf([target([resource({}), resource({ name: 'b' })])]))
    expect(markdown.split('\n')[0]).toBe('### kube-drift · web: ✅ in sync (2 resources)')
    expect(markdown).not.toContain('| Resource |')
    expect(markdown).not.toContain('<details>')
  })

  it('counts resources by status, with ignored changes, in the summary table', () => {
    const markdown = toMarkdown(typicalReport())
    expect(markdown).toContain(
      '| Target | Resources | ✅ In sync | ⚠️ Drifted | ❔ Missing | ➕ Extra | ❌ Errors | 🔇 Ignored |'
    )
    expect(markdown).toContain('| web | 12 | 9 | 1 | 1 | 0 | 1 | 3 |')
  })

  it('lists the resources not in sync with fields, who/when and a link to the source', () => {
    const markdown = toMarkdown(typicalReport(), { sourceLink: githubLink })
    const row = markdown.split('\n').find(line => line.startsWith('| `Deployment.apps web/api`'))
    expect(row).toBe(
      '| `Deployment.apps web/api` | ⚠️ Drifted | ' +
        '`spec.replicas` `3` → `5`<br>' +
        '`spec.template.spec.containers[0].env[2]` added out of band: `{"name":"DEBUG","value":"1"}` | ' +
        'kubectl-scale, 2026-11-20 03:12 UTC<br>kubectl-edit, 2026-11-20 03:15 UTC | ' +
        '[deploy/api.yaml:14](https://github.com/acme/shop/blob/abc123/deploy/api.yaml#L14) |'
    )
    expect(markdown).toContain('| `Service web/api` | ❔ Missing | not in the cluster |')
    expect(markdown).not.toContain('`ConfigMap web/settings-0`')
  })

  it('shows the source as code when there is no link', () => {
    expect(toMarkdown(typicalReport())).toContain('| `deploy/api.yaml:14` |')
  })

  it('escapes pipes and newlines inside table cells', () => {
    const report = reportOf([
      target([
        resource({
          name: 'odd',
          status: 'Drifted',
          changes: [{ path: '/data/a|b', reason: 'changed', desired: 'x|y', live: 'z\\|w' }],
          diff: '--- live\n+++ desired\n'
        }),
        resource({ name: 'err', status: 'Error', error: 'denied | twice\nsecond line' })
      ])
    ])
    const markdown = toMarkdown(report)
    expect(markdown).toContain('denied \\| twice second line')
    expect(markdown).toContain('`data["a\\|b"]` `"x\\|y"` → `"z\\\\\u200B\\|w"`')
    const [, resources] = tables(markdown)
    expect(resources!.header).toHaveLength(5)
    for (const row of resources!.rows) expect(row).toHaveLength(5)
    const errorCells = resources!.rows[1]!.map(cell => cell.text)
    expect(errorCells[2]).toBe('denied | twice second line')
  })

  it('keeps names from mentioning users or linking issues', () => {
    const report = reportOf([
      target([resource({ status: 'Error', error: 'rejected by @octocat, see #42' })])
    ])
    const markdown = toMarkdown(report)
    expect(markdown).not.toMatch(/@octocat/)
    expect(markdown).toContain('@&#8203;octocat, see #&#8203;42')
  })

  it('has tables whose rows all have the header column count', () => {
    const markdown = toMarkdown(typicalReport(), { sourceLink: githubLink })
    const found = tables(markdown)
    expect(found).toHaveLength(2)
    for (const table of found) {
      for (const row of table.rows) expect(row).toHaveLength(table.header.length)
    }
    // The raw text too: every table line has as many unescaped pipes as its header.
    for (const block of markdown.split('\n\n').filter(part => part.startsWith('| '))) {
      const pipeCounts = block.split('\n').map(line => line.replace(/\\\|/g, '').split('|').length)
      expect(new Set(pipeCounts).size).toBe(1)
    }
  })

  it('shows the notes of a target', () => {
    expect(toMarkdown(typicalReport())).toContain(
      '> ℹ️ compared locally: the identity may not patch'
    )
  })

  it('puts each diff in a collapsed details block with a diff fence', () => {
    const markdown = toMarkdown(typicalReport())
    expect(count(markdown, '<details>')).toBe(2)
    expect(count(markdown, '</details>')).toBe(2)
    expect(markdown).toContain(
      '<details><summary>⚠️ drifted: <code>Deployment.apps web/api</code> · 2 changes</summary>\n\n```diff\n--- live\n'
    )
    expect(fences(markdown)).toEqual({ opened: 2, closed: 2, open: false })
  })

  it('fences a diff containing backticks with a longer fence', () => {
    const diff = '--- live\n+++ desired\n-  script: |\n-    ```\n+  note: "````"\n'
    const report = reportOf([target([resource({ status: 'Drifted', diff })])])
    const markdown = toMarkdown(report)
    expect(markdown).toContain(`\`\`\`\`\`diff\n${diff}\`\`\`\`\`\n`)
    expect(fences(markdown)).toEqual({ opened: 1, closed: 1, open: false })
    const html = marked.parse(markdown, { async: false })
    expect(html).toContain('-    ```\n+  note: &quot;````&quot;')
  })

  it('cuts whole diffs from the end to fit 65,536 characters, and says so', () => {
    const report = hugeReport()
    expect(toMarkdown(report, { maxLength: 10_000_000 }).length).toBeGreaterThan(65_536)
    const markdown = toMarkdown(report, {
      fullReportHint: 'The full report is in the job summary.'
    })
    expect(markdown.length).toBeLessThanOrEqual(65_536)
    const shown = count(markdown, '<details>')
    expect(shown).toBeGreaterThan(0)
    expect(shown).toBeLessThan(200)
    expect(count(markdown, '</details>')).toBe(shown)
    expect(markdown).toContain(
      `> ⚠️ The report was cut: ${200 - shown} resource diffs are not shown. The full report is in the job summary.`
    )
    expect(fences(markdown)).toEqual({ opened: shown, closed: shown, open: false })
    // The first resources keep their diffs; all 200 rows are still in the table.
    expect(markdown).toContain('<code>Deployment.apps web/api-0</code>')
    expect(markdown).not.toContain('<code>Deployment.apps web/api-199</code>')
    expect(tables(markdown)[1]!.rows).toHaveLength(200)
    expect(markdown.trimEnd().endsWith('</details>')).toBe(true)
  })

  it('uses the room it has: one more diff would not fit', () => {
    const report = hugeReport()
    const markdown = toMarkdown(report)
    const shown = count(markdown, '<details>')
    const nextDiff = toMarkdown(report, { maxLength: 10_000_000 }).split('<details>').slice(1)[
      shown
    ]!
    expect(markdown.length + nextDiff.length).toBeGreaterThan(65_536)
  })

  it('cuts table rows too when the tables alone are too long', () => {
    const markdown = toMarkdown(hugeReport(), { maxLength: 6_000 })
    expect(markdown.length).toBeLessThanOrEqual(6_000)
    expect(markdown).not.toContain('<details>')
    const rows = tables(markdown)[1]!.rows.length
    expect(rows).toBeGreaterThan(0)
    expect(rows).toBeLessThan(200)
    expect(markdown).toContain(
      `> ⚠️ The report was cut: 200 resource diffs and ${200 - rows} table rows are not shown.`
    )
    expect(markdown).toContain(`_${200 - rows} more resources not in sync, not shown._`)
  })

  it('still fits when nothing but the title would', () => {
    const markdown = toMarkdown(hugeReport(), { maxLength: 300 })
    expect(markdown.length).toBeLessThanOrEqual(300)
    expect(markdown).toMatch(/^### kube-drift: the report is too long to show here\.\n/)
    expect(markdown).toContain('too long')
  })

  it('gives each target its own section, with a total', () => {
    const report = reportOf([
      target([driftedDeployment], { name: 'web' }),
      target([resource({ name: 'jobs' })], { name: 'jobs', renderer: 'helm', path: 'charts/jobs' })
    ])
    const markdown = toMarkdown(report)
    expect(markdown.split('\n')[0]).toBe('### kube-drift · web, jobs: ⚠️ drift in 1 of 2 resources')
    expect(markdown).toContain('#### ⚠️ web: drift in 1 of 1 resource\nplain · `deploy/` ·')
    expect(markdown).toContain('#### ✅ jobs: in sync (1 resource)\nhelm · `charts/jobs` ·')
    expect(markdown).toContain('| **Total** | 2 | 1 | 1 | 0 | 0 | 0 | 1 |')
    expect(markdown.indexOf('#### ⚠️ web')).toBeLessThan(markdown.indexOf('<details>'))
    expect(markdown.indexOf('<details>')).toBeLessThan(markdown.indexOf('#### ✅ jobs'))
  })

  it('renders as GitHub-flavoured Markdown: tables and diff code blocks', () => {
    const html = marked.parse(toMarkdown(typicalReport(), { sourceLink: githubLink }), {
      async: false,
      gfm: true
    })
    expect(count(html, '<table>')).toBe(2)
    expect(count(html, '<pre><code class="language-diff">')).toBe(2)
    expect(html).toContain(
      '<a href="https://github.com/acme/shop/blob/abc123/deploy/api.yaml#L14">deploy/api.yaml:14</a>'
    )
    expect(html).toContain('<td><code>spec.replicas</code> <code>3</code> → <code>5</code><br>')
  })
})
