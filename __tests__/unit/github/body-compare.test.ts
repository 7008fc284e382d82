// "Rewrite only when changed": the one comparison of a body kube-drift wrote
// before with the one it would write now.
import { describe, expect, it } from '@jest/globals'
import { sameBody, stableBody } from '../../../src/github/body-compare.ts'
import { issueBody } from '../../../src/github/bodies.ts'
import { toMarkdown } from '../../../src/report/markdown.ts'
import type { RunContext } from '../../../src/github/run-context.ts'
import { driftedDeployment, reportOf, target, typicalReport } from '../report/sample-reports.ts'

const run = (id: number): RunContext =>
  ({
    eventName: 'schedule',
    payload: {},
    owner: 'acme',
    repo: 'shop',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    sha: 'a'.repeat(40),
    runUrl: `https://github.com/acme/shop/actions/runs/${id}`
  }) as RunContext

describe('sameBody', () => {
  it('ignores the run, the commit of the source links and the time of the check', () => {
    const tonight = typicalReport()
    const tomorrow = { ...typicalReport(), generatedAt: '2026-11-21T03:30:00Z' }
    const a = issueBody(tonight, { run: run(1), sha: 'a'.repeat(40) }, 'web', undefined)
    const b = issueBody(tomorrow, { run: run(2), sha: 'b'.repeat(40) }, 'web', undefined)
    expect(a).not.toBe(b)
    expect(sameBody(a, b)).toBe(true)
  })

  it('ignores relative times but not the exact time behind them', () => {
    const report = reportOf([target([driftedDeployment])])
    const later = { ...report, generatedAt: '2026-11-20T09:30:00Z' }
    const a = toMarkdown(report)
    const b = toMarkdown(later)
    expect(a).toContain('17 min ago')
    expect(b).toContain('6 h ago')
    expect(sameBody(a, b)).toBe(true)
    // The live value set again by someone else, later: a real change.
    const rescaled = reportOf([
      target([
        {
          ...driftedDeployment,
          changes: [
            { ...driftedDeployment.changes[0]!, time: '2026-11-20T03:20:00Z' },
            driftedDeployment.changes[1]!
          ]
        }
      ])
    ])
    expect(sameBody(a, toMarkdown(rescaled))).toBe(false)
  })

  it('sees every real change: a value, a verdict', () => {
    const report = typicalReport()
    const changed = typicalReport()
    changed.targets[0]!.resources = changed.targets[0]!.resources.map(r =>
      r.kind === 'Deployment'
        ? { ...r, changes: [{ ...r.changes[0]!, live: 6 }, r.changes[1]!] }
        : r
    )
    expect(sameBody(toMarkdown(report), toMarkdown(changed))).toBe(false)
  })

  it('treats a missing body as different, and line endings alike', () => {
    expect(sameBody(null, 'x')).toBe(false)
    expect(stableBody('a\r\nb\n')).toBe('a\nb')
  })
})
