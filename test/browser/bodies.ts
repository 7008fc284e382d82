// The bodies kube-drift writes to GitHub, made by the real code from the
// realistic report: the pull request's comment, the nightly drift issue, and
// the issue once closed with its closing comment.
import { commentBody, issueBody } from '../../src/github/bodies.ts'
import { resolvedComment, resolvedIssueBody } from '../../src/github/closing.ts'
import { issueHistory } from '../../src/github/issue-history.ts'
import { issueMarker } from '../../src/github/markers.ts'
import type { RunContext } from '../../src/github/run-context.ts'
import type { DriftReport } from '../../src/types.ts'
import { HEAD_SHA, realisticReport } from './realistic-report.ts'

export interface Body {
  /** a file name: `pr-comment`. */
  name: string
  /** what GitHub shows above it. */
  title: string
  markdown: string
}

const run = (eventName: string, pr?: number): RunContext => ({
  eventName,
  payload: {},
  owner: 'acme',
  repo: 'shop',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  sha: HEAD_SHA,
  runId: '12345678901',
  runUrl: 'https://github.com/acme/shop/actions/runs/12345678901',
  workspace: '/home/runner/work/shop/shop',
  ...(pr ? { pullRequest: { number: pr, baseSha: undefined, headSha: HEAD_SHA, fork: false } } : {})
})

/** The nightly report: the same drift, with no pull request to compare with. */
function nightly(report: DriftReport): DriftReport {
  return {
    ...report,
    targets: report.targets.map(target => ({
      ...target,
      notes: [],
      resources: target.resources.map(({ origin: _origin, ...resource }) => ({
        ...resource,
        changes: resource.changes.map(({ origin: _o, ...change }) => change)
      }))
    }))
  }
}

/**
 * The drift issue as it stands on the realistic night, with its history: the
 * night three days before saw every change but those of the last drifted
 * Deployment (new tonight), and one more ConfigMap field since put back
 * (resolved tonight); and the comment that says so.
 */
function issueWithHistory(report: DriftReport, context: { run: RunContext; sha: string }) {
  const marker = issueMarker('shop')
  const tonight = nightly(report)
  const drifted = tonight.targets[0]!.resources.filter(r => r.status === 'Drifted')
  const fresh = drifted.at(-1)
  const earlier: DriftReport = {
    ...tonight,
    generatedAt: new Date(Date.parse(tonight.generatedAt) - 3 * 86_400_000).toISOString(),
    targets: tonight.targets.map(target => ({
      ...target,
      resources: target.resources.map(r => {
        if (r === fresh) return { ...r, status: 'InSync' as const, changes: [], diff: '' }
        if (r !== drifted[1]) return r
        const gone = {
          path: '/data/worker_connections',
          reason: 'changed' as const,
          desired: '1024',
          live: '4096'
        }
        return { ...r, changes: [...r.changes, gone] }
      })
    }))
  }
  const first = issueHistory(earlier, marker, undefined)
  const before = issueBody(first.report, context, 'shop', 3, first)
  const history = issueHistory(tonight, marker, before, context.run.runUrl)
  return { body: issueBody(history.report, context, 'shop', 3, history), comment: history.comment }
}

export function githubBodies(): Body[] {
  const report = realisticReport()
  const prContext = { run: run('pull_request', 42), sha: HEAD_SHA }
  const issueContext = { run: run('schedule'), sha: HEAD_SHA }
  const inSync: DriftReport = {
    ...report,
    generatedAt: '2026-12-05T03:31:07.412Z',
    summary: { ...report.summary, inSync: 14, drifted: 0, missing: 0, extra: 0, errors: 0 },
    targets: []
  }
  const openedAt = { openedAt: '2026-12-02T03:30:44Z' }
  const withHistory = issueWithHistory(report, issueContext)
  return [
    {
      name: 'pr-comment',
      title: 'github-actions commented on pull request #42',
      markdown: commentBody(report, prContext, { targets: ['shop'] })
    },
    {
      name: 'drift-issue',
      title: 'Issue #7: kube-drift: drift in shop',
      markdown: withHistory.body
    },
    {
      name: 'drift-issue-news',
      title: 'github-actions commented on issue #7: what appeared',
      markdown: withHistory.comment ?? ''
    },
    {
      name: 'closed-issue',
      title: 'Issue #7 (closed), and the comment that closed it',
      markdown: `${resolvedIssueBody(inSync, issueContext, openedAt, '')}\n---\n\n${resolvedComment(inSync, issueContext, openedAt)}\n`
    }
  ]
}
