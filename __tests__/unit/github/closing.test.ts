// The words of a closed drift issue and of a PR comment's context line: times
// a person reads, how long the drift lasted, the commit and the run.
import { describe, expect, it } from '@jest/globals'
import { checkedLine } from '../../../src/github/checked-line.ts'
import { humanDuration, humanTime, resolvedComment } from '../../../src/github/closing.ts'
import type { RunContext } from '../../../src/github/run-context.ts'
import { reportOf, resource, target } from '../report/sample-reports.ts'

const run: RunContext = {
  eventName: 'schedule',
  payload: {},
  owner: 'acme',
  repo: 'shop',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  runId: '77',
  runUrl: 'https://github.com/acme/shop/actions/runs/77',
  workspace: '/nonexistent'
}

describe('closing words', () => {
  it('shows times as a person reads them, in UTC', () => {
    expect(humanTime('2026-12-02T12:35:18.106Z')).toBe('2 Dec 2026, 12:35 UTC')
    expect(humanTime('2026-01-09T00:05:00+02:00')).toBe('8 Jan 2026, 22:05 UTC')
    expect(humanTime('not a time')).toBe('not a time')
  })

  it('says how long with the two largest units', () => {
    expect(humanDuration(20_000)).toBe('less than a minute')
    expect(humanDuration(60_000)).toBe('1 minute')
    expect(humanDuration((2 * 60 + 5) * 60_000)).toBe('2 hours 5 minutes')
    expect(humanDuration((3 * 24 * 60 + 4 * 60 + 59) * 60_000)).toBe('3 days 4 hours')
    expect(humanDuration(2 * 24 * 60 * 60_000 + 30 * 60_000)).toBe('2 days')
  })

  it('leaves the duration out when the opening time is unknown', () => {
    const report = reportOf([target([resource({})])])
    report.generatedAt = '2026-12-02T12:35:18.106Z'
    expect(resolvedComment(report, { run }, {})).toBe(
      '✅ Back in sync on 2 Dec 2026, 12:35 UTC: the one resource of this target matches Git' +
        ' ([run](https://github.com/acme/shop/actions/runs/77)). Closing.'
    )
  })

  it('names the commit and the run a body was checked at', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567'
    expect(checkedLine({ run, sha })).toBe(
      `_Checked commit [\`0123456\`](https://github.com/acme/shop/commit/${sha}) in [workflow run 77](https://github.com/acme/shop/actions/runs/77)._`
    )
    expect(checkedLine({ run: { ...run, runId: undefined, runUrl: undefined }, sha })).toBe(
      `_Checked commit [\`0123456\`](https://github.com/acme/shop/commit/${sha})._`
    )
    expect(checkedLine({ run: { ...run, runUrl: undefined } })).toBe('')
  })
})
