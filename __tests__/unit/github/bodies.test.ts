// The comment, issue and summary texts: under GitHub's limits, cut per
// resource with a note pointing at the full report, and valid GFM.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  commentBody,
  fitBytes,
  issueBody,
  SUMMARY_BYTE_LIMIT,
  summaryBody
} from '../../../src/github/bodies.ts'
import { publishReport } from '../../../src/github/publish.ts'
import type { DriftReport } from '../../../src/types.ts'
import type { GitHubStandIn } from '../../../test/github/stand-in.ts'
import {
  driftedDeployment,
  reportOf,
  resource,
  target,
  typicalReport
} from '../report/sample-reports.ts'
import { checkGfm } from './gfm.ts'
import { pullRequestRun, scheduleRun, standIn } from './helpers.ts'

/** `count` drifted Deployments whose diffs hold `line` 40 times each. */
function bigReport(count: number, line: string): DriftReport {
  const diff = Array.from({ length: 40 }, (_, index) => `-  key${index}: ${line}`).join('\n')
  return reportOf([
    target(
      Array.from({ length: count }, (_, index) =>
        resource({
          ...driftedDeployment,
          name: `api-${index}`,
          diff: `--- live (cluster)\n+++ desired (Git)\n${diff}\n`
        })
      )
    )
  ])
}

describe('GitHub texts', () => {
  let github: GitHubStandIn
  beforeEach(async () => {
    github = await standIn()
  })
  afterEach(async () => {
    expect(github.violations).toEqual([])
    await github.close()
  })

  it('a too-long report is cut per resource to fit a comment, pointing at the full report', async () => {
    const pr = github.addPullRequest()
    const run = pullRequestRun(github, pr)
    // The table (60 rows) fits; the diffs (60 × 3 KB) do not.
    const report = bigReport(60, 'x'.repeat(60))
    await publishReport(report, run, {
      comment: 'auto',
      issue: 'auto',
      issueLabels: ['kube-drift'],
      token: github.token,
      client: { spaceWrites: false }
    })

    const body = github.store.comments[0]!.body
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toContain('The report was cut')
    expect(body).toContain(`[job summary](${run.runUrl})`)
    expect(body).toContain('`kube-drift-report` artifact')
    const gfm = checkGfm(body)
    expect(gfm.problems).toEqual([])
    expect(gfm.fences).toBeGreaterThan(10)
    expect(gfm.fences).toBeLessThan(60)
  })

  it('a too-long report fits an issue body too', async () => {
    await publishReport(bigReport(300, 'y'.repeat(60)), scheduleRun(github), {
      comment: 'auto',
      issue: 'auto',
      issueLabels: ['kube-drift'],
      token: github.token,
      client: { spaceWrites: false }
    })
    const body = github.store.issues[0]!.body ?? ''
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toContain('The report was cut')
    expect(checkGfm(body).problems).toEqual([])
  })

  it('the job summary stays under 1 MiB in bytes, even when characters take several', () => {
    // 4-byte characters: about 900,000 characters but more than 3 MB.
    const report = bigReport(120, '🚀'.repeat(90))
    const summary = summaryBody(report, { run: scheduleRun(github) })
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(SUMMARY_BYTE_LIMIT)
    expect(summary).toContain('The report was cut')
    expect(summary).toContain('`kube-drift-report` artifact')
    expect(checkGfm(summary).problems).toEqual([])
  })

  it('fitBytes shrinks until the text fits', () => {
    const text = fitBytes(max => 'é'.repeat(Math.min(max, 5000)), 3000)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(3000)
    expect(text.length).toBeGreaterThan(1000)
  })

  it('the comment and the issue are valid GFM with tables and closed fences', () => {
    const context = { run: scheduleRun(github), sha: 'abc' }
    for (const text of [
      commentBody(typicalReport(), context, { targets: ['web'] }),
      issueBody(typicalReport(), context, 'web', 12)
    ]) {
      const gfm = checkGfm(text)
      expect(gfm.problems).toEqual([])
      expect(gfm.tables).toBe(2)
      // two diffs and the ignore rule of the next steps
      expect(gfm.fences).toBe(3)
    }
  })

  it('the GFM check catches an unclosed fence and a broken table', () => {
    expect(checkGfm('```diff\n- a\n').problems).not.toEqual([])
    expect(checkGfm('| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n').problems).not.toEqual([])
    expect(checkGfm('| a | b |\n| 1 | 2 |\n').problems).not.toEqual([])
  })
})
