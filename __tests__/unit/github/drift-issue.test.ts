// The nightly drift issue, against the GitHub stand-in: created on the first
// drift (labels too), updated, closed with a comment when back in sync,
// recreated with a link when drift returns; never two open at once.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { summarize } from '../../../src/drift/summary.ts'
import { issueMarker } from '../../../src/github/markers.ts'
import { publishReport, type PublishSettings } from '../../../src/github/publish.ts'
import type { DriftReport } from '../../../src/types.ts'
import type { GitHubStandIn } from '../../../test/github/stand-in.ts'
import { reportOf, resource, target, typicalReport } from '../report/sample-reports.ts'
import { captureStdout, scheduleRun, standIn, warnings } from './helpers.ts'

const settings = (github: GitHubStandIn, labels = ['kube-drift']): PublishSettings => ({
  comment: 'auto',
  issue: 'auto',
  issueLabels: labels,
  token: github.token,
  // The issue logic, not GitHub's pacing (main.test.ts runs with it).
  client: { spaceWrites: false }
})

const clean = (): DriftReport => reportOf([target([resource({}), resource({ name: 'b' })])])
const drifted = (name = 'web'): DriftReport => {
  const report = typicalReport()
  report.targets[0]!.name = name
  return report
}

describe('the drift issue', () => {
  let github: GitHubStandIn

  beforeEach(async () => {
    github = await standIn()
  })
  afterEach(async () => {
    expect(github.violations).toEqual([])
    await github.close()
  })

  const issues = () => github.store.issues.filter(issue => !issue.isPullRequest)
  const open = () => issues().filter(issue => issue.state === 'open')
  const commentsOn = (number: number) =>
    github.store.comments.filter(comment => comment.issueNumber === number)

  it('is created on the first drift, labelled, with labels created when missing', async () => {
    const result = await publishReport(
      drifted(),
      scheduleRun(github),
      settings(github, ['kube-drift', 'ops'])
    )

    expect(issues()).toHaveLength(1)
    const [issue] = issues()
    expect(issue?.title).toBe('kube-drift: drift in web')
    expect(issue?.body?.startsWith(issueMarker('web'))).toBe(true)
    expect(issue?.labels).toEqual(['kube-drift', 'ops'])
    expect(result.issueNumbers).toEqual([issue?.number])
    const created = github.requests.filter(r => r.operationId === 'issues/create-label')
    expect(created.map(r => (r.body as { name: string }).name)).toEqual(['kube-drift', 'ops'])
    // Created with a colour and a description, not GitHub's grey default.
    expect(github.store.label('kube-drift')?.description).toContain('kube-drift')
  })

  it('does not create labels that exist', async () => {
    github.store.addLabel('kube-drift', '00ff00', 'ours')
    await publishReport(drifted(), scheduleRun(github), settings(github))
    expect(github.requests.filter(r => r.operationId === 'issues/create-label')).toEqual([])
    expect(github.store.label('kube-drift')?.color).toBe('00ff00')
  })

  it('is updated on later runs, never duplicated', async () => {
    await publishReport(drifted(), scheduleRun(github), settings(github))
    const later = drifted()
    later.targets[0]!.resources = later.targets[0]!.resources.filter(r => r.status !== 'Missing')
    // The engine counts the summary; publishing trusts it.
    later.summary = summarize(later.targets)
    const result = await publishReport(
      later,
      scheduleRun(github, 'workflow_dispatch'),
      settings(github)
    )

    expect(issues()).toHaveLength(1)
    expect(issues()[0]?.body).toContain('error in 1 of 11 resources, drift in 1')
    expect(result.issueNumbers).toEqual([issues()[0]?.number])
  })

  it('is not rewritten on a night with no real change: other run, other time, other commit', async () => {
    await publishReport(drifted(), scheduleRun(github), settings(github))
    const before = issues()[0]?.body
    const tomorrow = drifted()
    tomorrow.generatedAt = '2026-11-21T03:30:00Z'
    const run = {
      ...scheduleRun(github),
      sha: 'b'.repeat(40),
      runUrl: 'https://github.com/acme/shop/actions/runs/100'
    }
    await publishReport(tomorrow, run, settings(github))
    const updates = github.requests.filter(r => r.operationId === 'issues/update')
    expect(updates).toEqual([])
    expect(issues()[0]?.body).toBe(before)

    // A real change is written.
    const changed = drifted()
    changed.targets[0]!.resources = changed.targets[0]!.resources.filter(
      r => r.status !== 'Missing'
    )
    await publishReport(changed, run, settings(github))
    expect(github.requests.filter(r => r.operationId === 'issues/update')).toHaveLength(1)
  })

  it('is closed with a comment saying when and for how long, its body saying it is in sync', async () => {
    await publishReport(drifted(), scheduleRun(github), settings(github))
    const number = issues()[0]!.number
    expect(issues()[0]?.body).toContain('web/api')
    // Opened three nights before the run that finds the target in sync (2026-11-20T03:30:00Z).
    github.store.issue(number)!.createdAt = '2026-11-17T01:10:00Z'
    const result = await publishReport(clean(), scheduleRun(github), settings(github))

    expect(issues()[0]?.state).toBe('closed')
    expect(issues()[0]?.stateReason).toBe('completed')
    expect(commentsOn(number).map(c => c.body)).toEqual([
      '✅ Back in sync on 20 Nov 2026, 03:30 UTC: all 2 resources of this target match Git' +
        ' ([run](https://github.com/acme/shop/actions/runs/4242)).' +
        ' The drift lasted at least 3 days 2 hours: this issue was opened on 17 Nov 2026, 01:10 UTC. Closing.' +
        // What went away, from the issue's history (listed once: here).
        '\n\n✅ went away:\n' +
        '- `Service web/api` `(whole object)` · drifted since Nov 20 (under an hour)\n' +
        '- `Deployment.apps web/api` `spec.replicas` · drifted since Nov 20 (under an hour)\n' +
        '- `Deployment.apps web/api` `spec.template.spec.containers[0].env[2]` · drifted since Nov 20 (under an hour)'
    ])
    const body = issues()[0]?.body ?? ''
    expect(body.startsWith(issueMarker('web'))).toBe(true)
    expect(body).toContain('back in sync')
    expect(body).not.toMatch(/web\/api|drift in|error/)
    // The step's issue-number output names the issue it closed.
    expect(result.issueNumbers).toEqual([number])
  })

  it('stays closed (and is not created) while the target is in sync', async () => {
    await publishReport(clean(), scheduleRun(github), settings(github))
    expect(issues()).toEqual([])
    expect(github.requests.filter(r => r.method !== 'GET')).toEqual([])
  })

  it('is recreated when drift returns, linking the closed one, and the link survives updates', async () => {
    await publishReport(drifted(), scheduleRun(github), settings(github))
    await publishReport(clean(), scheduleRun(github), settings(github))
    const old = issues()[0]!.number
    await publishReport(drifted(), scheduleRun(github), settings(github))
    await publishReport(drifted(), scheduleRun(github), settings(github))

    expect(issues()).toHaveLength(2)
    const current = open()
    expect(current).toHaveLength(1)
    expect(current[0]?.number).not.toBe(old)
    expect(current[0]?.body).toContain(`#${old} was closed when the cluster was in sync`)
    expect(commentsOn(old).at(-1)?.body).toBe(`The drift is back: see #${current[0]?.number}.`)
  })

  it('is one per target, each found again by its marker', async () => {
    const report = drifted('web')
    report.targets.push({ ...drifted('api').targets[0]!, name: 'api' })
    await publishReport(report, scheduleRun(github), settings(github))
    await publishReport(report, scheduleRun(github), settings(github))

    expect(
      open()
        .map(issue => issue.title)
        .sort()
    ).toEqual(['kube-drift: drift in api', 'kube-drift: drift in web'])
  })

  it('ignores issues and pull requests that merely carry the label or quote the marker', async () => {
    github.store.addIssue({
      title: 'a human quoting kube-drift',
      body: `${issueMarker('web')} see above`,
      user: { login: 'someone', id: 5, type: 'User' },
      labels: ['kube-drift']
    })
    github.store.addIssue({
      title: 'a pull request',
      body: issueMarker('web'),
      user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
      labels: ['kube-drift'],
      isPullRequest: true
    })
    await publishReport(drifted(), scheduleRun(github), settings(github))
    expect(open().filter(issue => issue.user.type === 'Bot' && !issue.isPullRequest)).toHaveLength(
      1
    )
    expect(github.store.issue(1)?.state).toBe('open')
  })

  it('is kept by push events only when issue is true, never by pull requests', async () => {
    const push = { ...scheduleRun(github), eventName: 'push' }
    await publishReport(drifted(), push, settings(github))
    expect(issues()).toEqual([])
    await publishReport(drifted(), push, { ...settings(github), issue: 'true' })
    expect(issues()).toHaveLength(1)
  })

  it('two runs at once leave exactly one open issue', async () => {
    // Both runs list (and find nothing) before either creates: the worst interleaving.
    github.gate('issues/list-for-repo', 2)
    const results = await Promise.all([
      publishReport(drifted(), scheduleRun(github), settings(github)),
      publishReport(drifted(), scheduleRun(github), settings(github))
    ])

    expect(github.requests.filter(r => r.operationId === 'issues/create')).toHaveLength(2)
    expect(open()).toHaveLength(1)
    const kept = open()[0]!
    expect(kept.number).toBe(Math.min(...issues().map(issue => issue.number)))
    const duplicate = issues().find(issue => issue.number !== kept.number)!
    expect(duplicate.stateReason).toBe('duplicate')
    expect(commentsOn(duplicate.number).map(c => c.body)).toEqual([
      `Duplicate of #${kept.number}: two kube-drift runs found the same drift at once.`
    ])
    // Both runs report the issue that stays open.
    expect(results.map(r => r.issueNumbers)).toEqual([[kept.number], [kept.number]])

    // The next run finds the one issue and updates it.
    await publishReport(drifted(), scheduleRun(github), settings(github))
    expect(open().map(issue => issue.number)).toEqual([kept.number])
  })

  it('a duplicate left open by an earlier race is closed by the next run', async () => {
    await publishReport(drifted(), scheduleRun(github), settings(github))
    const first = issues()[0]!
    github.store.addIssue({
      title: first.title,
      body: first.body,
      user: first.user,
      labels: first.labels
    })
    await publishReport(drifted(), scheduleRun(github), settings(github))
    expect(open().map(issue => issue.number)).toEqual([first.number])
  })

  it('without issues: write, warns naming the permission', async () => {
    github.forbid('issues/create')
    const stdout = captureStdout()
    let result
    try {
      result = await publishReport(drifted(), scheduleRun(github), settings(github))
    } finally {
      stdout.restore()
    }
    expect(result.issueNumbers).toEqual([])
    const [warning, ...more] = warnings(stdout.text())
    expect(more).toEqual([])
    expect(warning).toContain('could not update the drift issue of web (HTTP 403)')
    expect(warning).toContain('`issues: write`')
  })
})
