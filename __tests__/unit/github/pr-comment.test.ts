// The sticky pull-request comment, against the GitHub stand-in: created once,
// edited in place, quiet while clean with on-drift, a warning on a fork or a
// token without pull-requests: write.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { commentMarker } from '../../../src/github/markers.ts'
import { publishReport, type PublishSettings } from '../../../src/github/publish.ts'
import { ACTIONS_BOT, OCTOCAT } from '../../../test/github/entities.ts'
import { startGitHubStandIn, type GitHubStandIn } from '../../../test/github/stand-in.ts'
import { reportOf, resource, target, typicalReport } from '../report/sample-reports.ts'
import { captureStdout, pullRequestRun, standIn, warnings } from './helpers.ts'

const settings = (comment: PublishSettings['comment'], token: string): PublishSettings => ({
  comment,
  issue: 'auto',
  issueLabels: ['kube-drift'],
  token,
  // The comment logic, not GitHub's pacing (main.test.ts runs with it).
  client: { spaceWrites: false }
})

const cleanReport = () => reportOf([target([resource({}), resource({ name: 'other' })])])
const MARKER = commentMarker(['web'])

describe('the pull-request comment', () => {
  let github: GitHubStandIn
  let pr: number

  beforeEach(async () => {
    github = await standIn()
    pr = github.addPullRequest()
  })
  afterEach(async () => {
    expect(github.violations).toEqual([])
    await github.close()
  })

  const comments = () => github.store.comments.filter(comment => comment.issueNumber === pr)
  const writes = () => github.requests.filter(request => request.method !== 'GET')

  it('is created on the first run, by the token, with the hidden marker', async () => {
    const result = await publishReport(
      typicalReport(),
      pullRequestRun(github, pr),
      settings('auto', github.token)
    )

    expect(comments()).toHaveLength(1)
    const [comment] = comments()
    expect(comment?.user.login).toBe(ACTIONS_BOT.login)
    expect(comment?.body.startsWith(MARKER)).toBe(true)
    expect(comment?.body).toContain('error in 1 of 12 resources, drift in 2')
    expect(result.commentUrl).toBe(
      `https://github.com/acme/shop/pull/${pr}#issuecomment-${comment?.id}`
    )
    // Source links point at the pull request's head commit, not the merge commit.
    expect(comment?.body).toContain(`https://github.com/acme/shop/blob/${'c'.repeat(40)}/deploy/`)
    // It names the commit it checked (the head, short and linked) and the workflow run.
    expect(comment?.body).toContain(
      `_Checked commit [\`ccccccc\`](https://github.com/acme/shop/commit/${'c'.repeat(40)})` +
        ' in [workflow run 4242](https://github.com/acme/shop/actions/runs/4242)._'
    )
  })

  it('is edited in place on later runs, found past the first page of comments', async () => {
    // Reviewers talked first: 150 comments, one of them quoting kube-drift's marker,
    // so ours is on the second page of 100.
    const issue = github.store.issue(pr)!
    for (let index = 0; index < 150; index++) {
      const body = index === 7 ? `quoting: ${MARKER}` : `comment ${index}`
      github.store.addComment(issue, body, {
        login: `reviewer${index}`,
        id: 7000 + index,
        type: 'User'
      })
    }
    const run = pullRequestRun(github, pr)
    await publishReport(typicalReport(), run, settings('auto', github.token))
    const first = comments().find(comment => comment.user.login === ACTIONS_BOT.login)

    const later = reportOf([target([resource({ status: 'Missing', method: 'none' })])])
    const result = await publishReport(later, run, settings('auto', github.token))

    const ours = comments().filter(comment => comment.user.login === ACTIONS_BOT.login)
    expect(ours).toHaveLength(1)
    expect(ours[0]?.id).toBe(first?.id)
    expect(comments().indexOf(ours[0]!)).toBe(150)
    expect(ours[0]?.body).toContain('drift in 1 of 1 resource')
    expect(comments().find(c => c.user.login === 'reviewer7')?.body).toBe(`quoting: ${MARKER}`)
    expect(result.commentUrl).toContain(`#issuecomment-${first?.id}`)
    const listed = github.requests.filter(r => r.operationId === 'issues/list-comments')
    expect(listed).toHaveLength(4)
    expect(writes().map(r => r.operationId)).toEqual([
      'issues/create-comment',
      'issues/update-comment'
    ])
  })

  it('keeps one comment per target set', async () => {
    const run = pullRequestRun(github, pr)
    await publishReport(typicalReport(), run, settings('auto', github.token))
    const other = typicalReport()
    other.targets[0]!.name = 'api'
    await publishReport(other, run, settings('auto', github.token))
    await publishReport(typicalReport(), run, settings('auto', github.token))

    expect(comments()).toHaveLength(2)
    expect(comments().map(c => c.body.split('\n')[0])).toEqual([MARKER, commentMarker(['api'])])
  })

  it('with on-drift, posts nothing while clean', async () => {
    const result = await publishReport(
      cleanReport(),
      pullRequestRun(github, pr),
      settings('on-drift', github.token)
    )

    expect(comments()).toEqual([])
    expect(writes()).toEqual([])
    expect(result.commentUrl).toBeUndefined()
  })

  it('with on-drift, turns an earlier drift comment into "now in sync", and keeps saying it', async () => {
    const run = pullRequestRun(github, pr)
    await publishReport(typicalReport(), run, settings('on-drift', github.token))
    await publishReport(cleanReport(), run, settings('on-drift', github.token))

    expect(comments()).toHaveLength(1)
    expect(comments()[0]?.body).toContain('in sync (2 resources)')
    expect(comments()[0]?.body).toContain('Now in sync')

    await publishReport(cleanReport(), run, settings('on-drift', github.token))
    expect(comments()).toHaveLength(1)
    expect(comments()[0]?.body).toContain('Now in sync')
  })

  it('with always, posts a clean report without claiming drift was there before', async () => {
    await publishReport(cleanReport(), pullRequestRun(github, pr), settings('always', github.token))

    expect(comments()).toHaveLength(1)
    expect(comments()[0]?.body).toContain('in sync (2 resources)')
    expect(comments()[0]?.body).not.toContain('Now in sync')
  })

  it('with never, does not even read the comments', async () => {
    await publishReport(
      typicalReport(),
      pullRequestRun(github, pr),
      settings('never', github.token)
    )
    expect(github.requests).toEqual([])
  })

  it('on a pull request from a fork, warns naming the missing permission and posts nothing', async () => {
    github.simulateFork()
    const stdout = captureStdout()
    let result
    try {
      result = await publishReport(
        typicalReport(),
        pullRequestRun(github, pr, { fork: true }),
        settings('auto', github.token)
      )
    } finally {
      stdout.restore()
    }

    expect(result.commentUrl).toBeUndefined()
    expect(comments()).toEqual([])
    const [warning, ...more] = warnings(stdout.text())
    expect(more).toEqual([])
    expect(warning).toContain('pull-requests: write')
    expect(warning).toContain('fork')
    expect(warning).toContain('HTTP 403')
    expect(warning).toContain('job summary')
  })

  it('with a token lacking pull-requests: write (403), warns and goes on', async () => {
    github.forbid('issues/create-comment')
    const stdout = captureStdout()
    try {
      await publishReport(
        typicalReport(),
        pullRequestRun(github, pr),
        settings('auto', github.token)
      )
    } finally {
      stdout.restore()
    }

    const [warning] = warnings(stdout.text())
    expect(warning).toContain('could not comment on pull request')
    expect(warning).toContain('the token lacks `pull-requests: write`')
  })

  it('is not posted outside pull requests', async () => {
    const run = { ...pullRequestRun(github, pr), eventName: 'push', pullRequest: undefined }
    await publishReport(typicalReport(), run, settings('always', github.token))
    expect(github.requests).toEqual([])
  })
})

describe('the pull-request comment with a personal access token', () => {
  it('recognises its own comments by the login GET /user returns', async () => {
    const github = await startGitHubStandIn({ actor: OCTOCAT })
    try {
      const pr = github.addPullRequest()
      // A bot quoting the marker is not us when we are octocat.
      github.store.addComment(github.store.issue(pr)!, `${MARKER}\nfake`, ACTIONS_BOT)
      const run = pullRequestRun(github, pr)
      await publishReport(typicalReport(), run, settings('auto', github.token))
      await publishReport(typicalReport(), run, settings('auto', github.token))

      const ours = github.store.comments.filter(c => c.user.login === OCTOCAT.login)
      expect(ours).toHaveLength(1)
      expect(github.store.comments.find(c => c.user.login === ACTIONS_BOT.login)?.body).toBe(
        `${MARKER}\nfake`
      )
      expect(github.violations).toEqual([])
    } finally {
      await github.close()
    }
  })
})
