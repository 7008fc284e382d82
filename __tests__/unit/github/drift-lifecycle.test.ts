// Drift over time, night after night through the GitHub stand-in, with the
// clock in the test's hands (each night's report carries its own time): first
// seen survives the runs; a field new on night 3 is marked new and gets that
// night's only comment; a resolved field is listed once; an unchanged night adds
// no comment and rewrites nothing; a field that returns is new; a corrupt or
// oversized history is rebuilt with a warning, never a crash.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readStateBlock } from '../../../src/drift/lifecycle/state-block.ts'
import { summarize } from '../../../src/drift/summary.ts'
import { readMarkers, issueMarker } from '../../../src/github/markers.ts'
import { publishReport, type PublishSettings } from '../../../src/github/publish.ts'
import { newsComment } from '../../../src/github/issue-history.ts'
import { withIssueHistory } from '../../../src/github/report-history.ts'
import { toJson } from '../../../src/report/json.ts'
import type { DriftReport, FieldChange, ResourceResult } from '../../../src/types.ts'
import type { GitHubStandIn } from '../../../test/github/stand-in.ts'
import { reportOf, resource, target } from '../report/sample-reports.ts'
import { captureStdout, scheduleRun, standIn, warnings } from './helpers.ts'

const NIGHT = (day: number): string => new Date(Date.UTC(2026, 10, 29 + day, 3, 30)).toISOString()

const replicas: FieldChange = {
  path: '/spec/replicas',
  reason: 'changed',
  desired: 3,
  live: 5,
  manager: 'kubectl-scale',
  operation: 'Update',
  time: '2026-11-29T22:00:00Z',
  severity: 'low'
}
const image: FieldChange = {
  path: '/spec/template/spec/containers/0/image',
  reason: 'changed',
  desired: 'shop/api:1.4',
  live: 'shop/api:1.5-hotfix',
  manager: 'kubectl-set',
  operation: 'Update',
  time: '2026-12-01T20:00:00Z',
  severity: 'high'
}

function deployment(changes: FieldChange[], status: ResourceResult['status'] = 'Drifted') {
  return resource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'api',
    status,
    changes,
    diff:
      changes.length > 0
        ? `--- live\n+++ desired\n${changes.map(c => `-${c.path}`).join('\n')}\n`
        : '',
    ...(status === 'Error'
      ? { error: 'the server was unable to return a response', method: 'none' }
      : {})
  })
}

/** One night's check: the Deployment with these changes, a ConfigMap in sync. */
function night(
  day: number,
  changes: FieldChange[],
  status?: ResourceResult['status']
): DriftReport {
  const report = reportOf([target([deployment(changes, status), resource({})])])
  report.generatedAt = NIGHT(day)
  report.summary = summarize(report.targets)
  return report
}

const settings = (github: GitHubStandIn): PublishSettings => ({
  comment: 'auto',
  issue: 'auto',
  issueLabels: ['kube-drift'],
  token: github.token,
  client: { spaceWrites: false }
})

describe('drift over time, in the drift issue', () => {
  let github: GitHubStandIn

  beforeEach(async () => {
    github = await standIn()
  })
  afterEach(async () => {
    expect(github.violations).toEqual([])
    await github.close()
  })

  const issues = () => github.store.issues.filter(issue => !issue.isPullRequest)
  const body = (number = issues()[0]!.number) => github.store.issue(number)?.body ?? ''
  const comments = () => github.store.comments.map(comment => comment.body)
  const count = (operationId: string) =>
    github.requests.filter(r => r.operationId === operationId).length

  /** Runs one night; says what it wrote: body updates (PATCH) and comments. */
  async function run(
    report: DriftReport
  ): Promise<{ updates: number; comments: string[]; warnings: string[] }> {
    const updates = count('issues/update')
    const before = github.store.comments.length
    const stdout = captureStdout()
    try {
      await publishReport(report, scheduleRun(github), settings(github))
    } finally {
      stdout.restore()
    }
    return {
      updates: count('issues/update') - updates,
      comments: comments().slice(before),
      warnings: warnings(stdout.text())
    }
  }

  /** The table line of a field in the body. */
  const line = (text: string, path: string) => text.split('\n').find(l => l.includes(path)) ?? ''

  it('over five nights: first seen kept, new marked and announced once, resolved listed once, quiet nights quiet', async () => {
    // Night 1: the drift appears; the new issue is the news (no comment).
    const one = await run(night(1, [replicas]))
    expect(issues()).toHaveLength(1)
    expect(one.comments).toEqual([])
    expect(line(body(), 'spec.replicas')).toContain('first seen Nov 30')

    // Night 2: nothing changed: no comment, the body is not rewritten.
    const bodyOne = body()
    const two = await run(night(2, [replicas]))
    expect(two).toEqual({ updates: 0, comments: [], warnings: [] })
    expect(body()).toBe(bodyOne)

    // Night 3: the image is new: marked new in the body, and that night's only comment.
    const three = await run(night(3, [replicas, image]))
    expect(three.updates).toBe(1)
    expect(three.comments).toHaveLength(1)
    const [news] = three.comments
    expect(news).toContain(
      '**Drift changed** on 2 Dec 2026, 03:30 UTC ([run](https://github.com/acme/shop/actions/runs/4242)): 1 new.'
    )
    expect(news).toContain(
      '`spec.template.spec.containers[0].image` "shop/api:1.5-hotfix" → "shop/api:1.4"'
    )
    // Who, and part 1's severity.
    expect(news).toContain('· kubectl-set, 2026-12-01 20:00 UTC · high')
    expect(news).not.toContain('spec.replicas')
    expect(news).not.toContain('went away')
    expect(line(body(), 'containers[0].image')).toContain('✨ new · first seen Dec 2')
    // The replicas keep their first-seen time; the age is counted to this night.
    expect(line(body(), 'spec.replicas')).toContain(
      'first seen Nov 30 (<span title="first seen 2026-11-30 03:30 UTC">2 days</span>)'
    )
    expect(line(body(), 'spec.replicas')).not.toContain('✨')
    expect(body()).toContain(
      '_Ages are counted to 2026-12-02 03:30 UTC, when this report last changed'
    )

    // Night 4: same drift as night 3: the "new" mark stays, nothing is written.
    const four = await run(night(4, [replicas, image]))
    expect(four).toEqual({ updates: 0, comments: [], warnings: [] })

    // Night 5: the replicas are back to Git: listed once as gone, with how long they were drifted.
    const five = await run(night(5, [image]))
    expect(five.updates).toBe(1)
    expect(five.comments).toHaveLength(1)
    expect(five.comments[0]).toContain('1 resolved')
    expect(five.comments[0]).toContain(
      '`Deployment.apps web/api` `spec.replicas` · low · drifted since Nov 30 (4 days)'
    )
    expect(five.comments[0]).not.toContain('image')
    expect(line(body(), 'spec.replicas')).toBe('')
    // The image was new at the last change, not any more.
    expect(line(body(), 'containers[0].image')).toContain('first seen Dec 2 (<span')

    // Night 6: nothing new, nothing gone: not listed again.
    const six = await run(night(6, [image]))
    expect(six).toEqual({ updates: 0, comments: [], warnings: [] })

    // Night 7: the replicas return: new again, first seen tonight.
    const seven = await run(night(7, [replicas, image]))
    expect(seven.comments).toHaveLength(1)
    expect(seven.comments[0]).toContain('1 new')
    expect(seven.comments[0]).toContain('`spec.replicas`')
    expect(line(body(), 'spec.replicas')).toContain('✨ new · first seen Dec 6')
    expect(comments()).toHaveLength(3)
  })

  it('a resource in error is neither resolved nor new: its history is kept (fail closed)', async () => {
    await run(night(1, [replicas]))
    const error = await run(night(2, [], 'Error'))
    expect(error.comments).toEqual([])
    const back = await run(night(3, [replicas]))
    expect(back.comments).toEqual([])
    // Still the first night's field (new at the issue's last change: its creation).
    expect(line(body(), 'spec.replicas')).toContain('✨ new · first seen Nov 30')
  })

  it.each([
    ['a corrupted', (line: string) => line.replace(/:v1:(.{10})/, ':v1:$1$$$$')],
    ['an oversized', (line: string) => line.replace(' -->', `${'A'.repeat(16_000)} -->`)],
    ["another version's", (line: string) => line.replace(':v1:', ':v9:')]
  ])(
    '%s history is rebuilt with a warning, never a crash, and calls nothing new',
    async (_name, damage) => {
      await run(night(1, [replicas]))
      const issue = github.store.issue(issues()[0]!.number)!
      const marker = issueMarker('web')
      const block = readMarkers(issue.body, marker)!.history!
      issue.body = issue.body!.replace(block, damage(block))

      const rebuilt = await run(night(2, [replicas, image]))
      expect(rebuilt.warnings).toHaveLength(1)
      expect(rebuilt.warnings[0]).toContain(
        'drift issue of web: the drift history could not be read'
      )
      expect(rebuilt.comments).toEqual([])
      expect(rebuilt.updates).toBe(1)
      // A fresh, readable block; first seen starts again tonight.
      expect(readStateBlock(readMarkers(body(), marker)!.history).warning).toBeUndefined()
      expect(line(body(), 'spec.replicas')).toContain('first seen Dec 1')
      expect(line(body(), 'spec.replicas')).not.toContain('✨')

      // And the next night is an ordinary unchanged night.
      expect(await run(night(3, [replicas, image]))).toEqual({
        updates: 0,
        comments: [],
        warnings: []
      })
    }
  )

  it('a history over the size bound is cut, and the next unchanged night still writes nothing', async () => {
    const many: FieldChange[] = Array.from({ length: 500 }, (_, i) => ({
      path: `/data/a-rather-long-configuration-key-number-${i}`,
      reason: 'changed',
      desired: 'a',
      live: 'b'
    }))
    const one = await run(night(1, many))
    const block = readMarkers(body(), issueMarker('web'))!.history!
    expect(block.length).toBeLessThanOrEqual(16_000)
    const read = readStateBlock(block)
    expect(read.state.cut).toBeGreaterThan(0)
    expect(read.state.entries.size + read.state.cut).toBe(500)
    expect(body().length).toBeLessThanOrEqual(65_536)
    expect(one.warnings).toEqual([])
    expect(await run(night(2, many))).toEqual({ updates: 0, comments: [], warnings: [] })
    // One more field past the bound: left out of the history (a cut history calls nothing new).
    const more = [...many, { ...many[0]!, path: '/data/one-more' }]
    expect((await run(night(3, more))).comments).toEqual([])
    // A comment is worded from what the body shows: nothing new or gone there, no comment.
    expect(newsComment(night(3, more))).toBeUndefined()
  })

  it('suggests an ignore rule for controller drift once an earlier run saw it too', async () => {
    const hpa: FieldChange = {
      ...replicas,
      manager: 'horizontal-pod-autoscaler',
      subresource: 'scale',
      cause: { kind: 'controller', by: 'horizontal-pod-autoscaler' }
    }
    const one = await run(night(1, [hpa]))
    expect(body()).not.toContain('Suggested ignore rules')
    expect(one.comments).toEqual([])
    // Seen again: the rule is offered (the body changes once), no comment (nothing new).
    const two = await run(night(2, [hpa]))
    expect(two).toEqual({ updates: 1, comments: [], warnings: [] })
    expect(body()).toContain('Suggested ignore rules (1)')
    expect(body()).toContain('horizontal-pod-autoscaler')
    expect(await run(night(3, [hpa]))).toEqual({ updates: 0, comments: [], warnings: [] })
  })

  it("gives the action's report files the issue's history, reading only", async () => {
    await run(night(1, [replicas]))
    const requests = github.requests.length
    const shown = await withIssueHistory(
      night(2, [replicas, image]),
      scheduleRun(github),
      settings(github)
    )
    const json = JSON.parse(toJson(shown)) as DriftReport
    expect(
      json.targets[0]!.resources[0]!.changes.map(c => [c.path, c.firstSeen, c.lifecycle])
    ).toEqual([
      ['/spec/replicas', '2026-11-30T03:30:00Z', 'still'],
      ['/spec/template/spec/containers/0/image', '2026-12-01T03:30:00Z', 'new']
    ])
    expect(github.requests.slice(requests).filter(r => r.method !== 'GET')).toEqual([])
    // No issue wanted (a push without issue: true): the report is left as it is.
    const push = { ...scheduleRun(github), eventName: 'push' }
    const untouched = night(2, [replicas])
    expect(await withIssueHistory(untouched, push, settings(github))).toBe(untouched)
  })

  it('an issue written before the history starts one quietly', async () => {
    await run(night(1, [replicas]))
    const issue = github.store.issue(issues()[0]!.number)!
    issue.body = issue.body!.replace(/^<!-- kube-drift-history:.*\n/m, '')
    const first = await run(night(2, [replicas]))
    expect(first).toMatchObject({ updates: 1, comments: [], warnings: [] })
    expect(readMarkers(body(), issueMarker('web'))!.history).toBeDefined()
  })

  it('a closed issue keeps its last history; drift that returns starts a new issue afresh', async () => {
    await run(night(1, [replicas]))
    const first = issues()[0]!.number
    const kept = readMarkers(body(first), issueMarker('web'))!.history
    const closed = await run(night(2, [], 'InSync'))
    expect(github.store.issue(first)?.state).toBe('closed')
    // Listed once, in the comment that closes the issue.
    expect(closed.comments[0]).toContain(
      '✅ went away:\n- `Deployment.apps web/api` `spec.replicas` · low · drifted since Nov 30 (1 day)'
    )
    expect(readMarkers(body(first), issueMarker('web'))!.history).toBe(kept)

    await run(night(4, [replicas]))
    const second = issues().find(issue => issue.number !== first)!.number
    expect(line(body(second), 'spec.replicas')).toContain('✨ new · first seen Dec 3')
    // The new issue is the news: only the closed issue gets "the drift is back".
    expect(github.store.comments.filter(c => c.issueNumber === second)).toEqual([])
  })
})
