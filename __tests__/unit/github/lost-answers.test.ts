// GitHub calls under faults, against the stand-in: an answer lost after the
// create was stored (a 502, a reset connection, a timeout) never gives a second
// sticky comment, drift issue or label; a 502 before anything was stored is
// created once after a pause; secondary rate limits are waited out for as
// long as GitHub says; and every body sent is scrubbed of the run's secrets.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { publishReport, type PublishSettings } from '../../../src/github/publish.ts'
import { secrets } from '../../../src/util/secret-scrubber.ts'
import type { GitHubStandIn } from '../../../test/github/stand-in.ts'
import { reportOf, resource, target, typicalReport } from '../report/sample-reports.ts'
import { captureStdout, pullRequestRun, scheduleRun, standIn, warnings } from './helpers.ts'

const settings = (github: GitHubStandIn, client: PublishSettings['client'] = {}) => ({
  comment: 'auto' as const,
  issue: 'auto' as const,
  issueLabels: ['kube-drift'],
  token: github.token,
  client: { spaceWrites: false, ...client }
})

describe('GitHub writes under faults', () => {
  let github: GitHubStandIn
  let pr: number
  let stdout: ReturnType<typeof captureStdout>

  beforeEach(async () => {
    github = await standIn()
    pr = github.addPullRequest()
    stdout = captureStdout()
  })
  afterEach(async () => {
    stdout.restore()
    expect(github.violations).toEqual([])
    await github.close()
  })

  const comments = () => github.store.comments.filter(comment => comment.issueNumber === pr)
  const issues = () => github.store.issues.filter(issue => !issue.isPullRequest)
  const requestsOf = (operationId: string) =>
    github.requests.filter(request => request.operationId === operationId)
  const comment = (client?: PublishSettings['client']) =>
    publishReport(typicalReport(), pullRequestRun(github, pr), settings(github, client))

  describe('the sticky comment is created exactly once', () => {
    it('when the answer to the create is a 502 after GitHub stored it', async () => {
      github.inject('issues/create-comment', { kind: 'answer-lost' })
      const result = await comment()
      expect(comments()).toHaveLength(1)
      expect(result.commentUrl).toBe(
        `https://github.com/acme/shop/pull/${pr}#issuecomment-${comments()[0]!.id}`
      )
      expect(requestsOf('issues/create-comment').map(r => r.fault)).toEqual(['answer-lost'])
      expect(warnings(stdout.text())).toEqual([])
    })

    it('when the connection is reset after GitHub stored it', async () => {
      github.inject('issues/create-comment', { kind: 'reset-after-work' })
      const result = await comment()
      expect(comments()).toHaveLength(1)
      expect(result.commentUrl).toContain(`#issuecomment-${comments()[0]!.id}`)
    })

    it('when the answer comes after the attempt timed out', async () => {
      github.inject('issues/create-comment', { kind: 'slow-answer-after-work', delayMs: 1500 })
      const result = await comment({ attemptTimeoutMs: 300 })
      expect(comments()).toHaveLength(1)
      expect(result.commentUrl).toContain(`#issuecomment-${comments()[0]!.id}`)
    })

    it('when a 502 came before anything was stored: created on the next attempt', async () => {
      github.inject('issues/create-comment', { kind: 'unavailable', status: 502 })
      const result = await comment()
      expect(comments()).toHaveLength(1)
      expect(requestsOf('issues/create-comment').map(r => r.status)).toEqual([502, 201])
      expect(result.commentUrl).toContain(`#issuecomment-${comments()[0]!.id}`)
    })
  })

  it('creates the drift issue once when the answer to the create was lost', async () => {
    github.inject('issues/create', { kind: 'answer-lost' })
    const result = await publishReport(typicalReport(), scheduleRun(github), settings(github))
    expect(issues()).toHaveLength(1)
    expect(issues()[0]!.state).toBe('open')
    expect(result.issueNumbers).toEqual([issues()[0]!.number])
    expect(requestsOf('issues/create')).toHaveLength(1)
  })

  it('creates the label once when the answer to its create was lost', async () => {
    github.inject('issues/create-label', { kind: 'reset-after-work' })
    const result = await publishReport(typicalReport(), scheduleRun(github), settings(github))
    expect(github.store.labels.map(label => label.name)).toEqual(['kube-drift'])
    expect(issues()).toHaveLength(1)
    expect(result.issueNumbers).toEqual([issues()[0]!.number])
  })

  it('retries a read that met a 502', async () => {
    github.inject('issues/list-for-repo', { kind: 'unavailable', status: 502 })
    const result = await publishReport(typicalReport(), scheduleRun(github), settings(github))
    expect(issues()).toHaveLength(1)
    expect(result.issueNumbers).toEqual([issues()[0]!.number])
    expect(requestsOf('issues/list-for-repo')[0]!.status).toBe(502)
  })

  describe('a secondary rate limit', () => {
    it.each([403, 429] as const)(
      'answered %i to the create is waited out for its retry-after',
      async status => {
        github.inject('issues/create-comment', {
          kind: 'secondary-rate-limit',
          status,
          retryAfter: 1
        })
        await comment()
        expect(comments()).toHaveLength(1)
        const [limited, created] = requestsOf('issues/create-comment')
        expect([limited?.status, created?.status]).toEqual([status, 201])
        expect(created!.at - limited!.at).toBeGreaterThanOrEqual(1000)
        expect(stdout.text()).toMatch(/secondary rate limit on POST .*: waiting 1 s/)
      }
    )

    it('on a read is waited out too', async () => {
      github.inject('issues/list-comments', {
        kind: 'secondary-rate-limit',
        status: 429,
        retryAfter: 1
      })
      await comment()
      expect(comments()).toHaveLength(1)
      expect(requestsOf('issues/list-comments').map(r => r.status)).toEqual([429, 200])
    })

    it('that lasts is a warning that blames the rate limit, not a permission', async () => {
      github.inject(
        'issues/create-comment',
        { kind: 'secondary-rate-limit', status: 403, retryAfter: 1 },
        4
      )
      const result = await comment()
      expect(comments()).toHaveLength(0)
      expect(result.commentUrl).toBeUndefined()
      expect(requestsOf('issues/create-comment')).toHaveLength(4)
      const [warning] = warnings(stdout.text())
      expect(warning).toContain('secondary rate limit')
      expect(warning).not.toContain('lacks')
    })

    it('asking for longer than kube-drift waits gives up at once', async () => {
      github.inject('issues/create-comment', {
        kind: 'secondary-rate-limit',
        status: 403,
        retryAfter: 3600
      })
      await comment()
      expect(comments()).toHaveLength(0)
      expect(requestsOf('issues/create-comment')).toHaveLength(1)
    })
  })
})

describe('what is sent to GitHub', () => {
  const TOKEN = 'kube-token-leaked-into-a-configmap-7c1d'
  let github: GitHubStandIn

  beforeEach(async () => {
    github = await standIn()
  })
  afterEach(async () => {
    await github.close()
  })

  it('is scrubbed of the registered secrets: comment, issue, title, labels', async () => {
    secrets.register(TOKEN)
    const leaky = () =>
      reportOf([
        target(
          [
            resource({
              kind: 'ConfigMap',
              name: 'settings',
              status: 'Drifted',
              diff: `--- live (cluster)\n+++ desired (Git)\n@@ -1 +1 @@\n-token: ${TOKEN}\n+token: ${Buffer.from(TOKEN).toString('base64')}\n`
            })
          ],
          { name: `web-${TOKEN}` }
        )
      ])
    const pr = github.addPullRequest()
    const stdout = captureStdout()
    try {
      await publishReport(leaky(), pullRequestRun(github, pr), settings(github))
      await publishReport(leaky(), scheduleRun(github), {
        ...settings(github),
        issueLabels: ['kube-drift', `label-${TOKEN}`]
      })
    } finally {
      stdout.restore()
    }
    expect(github.store.comments).toHaveLength(1)
    expect(github.store.comments[0]!.body).toContain('***')
    expect(issues(github)).toHaveLength(1)
    const sent = JSON.stringify(github.requests.map(request => [request.path, request.body]))
    expect(sent).toContain('token: ***')
    expect(sent).not.toContain(TOKEN)
    expect(sent).not.toContain(Buffer.from(TOKEN).toString('base64').slice(0, 40))
  })
})

function issues(github: GitHubStandIn) {
  return github.store.issues.filter(issue => !issue.isPullRequest)
}
