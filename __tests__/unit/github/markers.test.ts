// The hidden markers of kube-drift's comments and issues: what they look like,
// and that only the top block of one of our bodies is read, never the report.
import { describe, expect, it } from '@jest/globals'
import { commentBody, issueBody } from '../../../src/github/bodies.ts'
import {
  commentMarker,
  issueMarker,
  previousMarker,
  readMarkers,
  stateMarker
} from '../../../src/github/markers.ts'
import type { RunContext } from '../../../src/github/run-context.ts'
import { driftedDeployment, reportOf, resource, target } from '../report/sample-reports.ts'

const run: RunContext = {
  eventName: 'schedule',
  payload: {},
  owner: 'acme',
  repo: 'shop',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  workspace: '/work'
}

describe('marker builders', () => {
  it('name the comment by its sorted targets and the issue by its target', () => {
    expect(commentMarker(['web', 'api'])).toBe('<!-- kube-drift:pr:api,web -->')
    expect(issueMarker('prod/web')).toBe('<!-- kube-drift:issue:prod/web -->')
    expect(stateMarker('attention')).toBe('<!-- kube-drift-state:attention -->')
    expect(stateMarker('resolved')).toBe('<!-- kube-drift-state:resolved -->')
    expect(stateMarker(undefined)).toBe('')
    expect(previousMarker(12)).toBe('<!-- kube-drift-previous:12 -->')
    expect(previousMarker(undefined)).toBe('')
  })

  it('keep a marker a valid HTML comment whatever the target name', () => {
    expect(issueMarker('a-->b')).toBe('<!-- kube-drift:issue:a-b -->')
    expect(commentMarker(['<x>--y'])).toBe('<!-- kube-drift:pr:x-y -->')
  })
})

describe('readMarkers', () => {
  const marker = issueMarker('web')

  it('hands on the history line of the top block, a damaged one too, never one quoted below', () => {
    const history = '<!-- kube-drift-history:v1:e30 -->'
    expect(readMarkers(`${marker}\n${previousMarker(3)}\n${history}\n> back\n`, marker)).toEqual({
      previous: 3,
      history
    })
    expect(readMarkers(`${marker}\n<!-- kube-drift-history:v1:@@`, marker)).toEqual({
      history: '<!-- kube-drift-history:v1:@@'
    })
    expect(readMarkers(`${marker}\n\n### report\n${history}\n`, marker)).toEqual({})
  })

  it('reads the state and the previous issue under our marker, with either line ending', () => {
    expect(readMarkers(`${marker}\n${stateMarker('attention')}\n\n### report`, marker)).toEqual({
      state: 'attention'
    })
    expect(readMarkers(`${marker}\r\n${stateMarker('resolved')}\r\n\r\nx`, marker)).toEqual({
      state: 'resolved'
    })
    expect(readMarkers(`${marker}\n${previousMarker(7)}\n> back\n\nx`, marker)).toEqual({
      previous: 7
    })
    expect(readMarkers(marker, marker)).toEqual({})
  })

  it('is undefined for a body that does not open with our marker', () => {
    expect(readMarkers(undefined, marker)).toBeUndefined()
    expect(readMarkers(null, marker)).toBeUndefined()
    expect(readMarkers(`quoting: ${marker}`, marker)).toBeUndefined()
    expect(readMarkers(`${marker} see above`, marker)).toBeUndefined()
    expect(readMarkers(issueMarker('web-2'), marker)).toBeUndefined()
    expect(readMarkers(commentMarker(['web']), marker)).toBeUndefined()
  })

  it('ignores markers quoted below the top block: in a code block or a table cell', () => {
    const forged = [
      marker,
      '',
      '| Resource | Error |',
      `| x | ${previousMarker(3)} |`,
      '```diff',
      stateMarker('attention'),
      previousMarker(4),
      '```'
    ].join('\n')
    expect(readMarkers(forged, marker)).toEqual({})
  })
})

describe('bodies carry the markers the parser reads back', () => {
  // A diff shows the live object verbatim: a value that spells a marker is in the body as is.
  const forged = `${previousMarker(99)}\n${stateMarker('resolved')}`
  const report = reportOf([
    target([
      resource({
        ...driftedDeployment,
        diff: `--- live\n+++ desired\n-  note: "${forged}"\n+  note: ok\n`,
        error: null
      }),
      resource({ name: 'broken', status: 'Error', method: 'none', error: forged })
    ])
  ])

  it('the comment opens with its marker and state, then a blank line and the report', () => {
    const body = commentBody(report, { run }, { targets: ['web'] })
    const lines = body.split('\n')
    expect(lines[0]).toBe(commentMarker(['web']))
    expect(lines[1]).toBe(stateMarker('attention'))
    expect(lines[2]).toBe('')
    expect(lines[3]).toMatch(/^### kube-drift · web: /)
    expect(body).toContain(previousMarker(99))
    expect(readMarkers(body, commentMarker(['web']))).toEqual({ state: 'attention' })
  })

  it('the issue links the issue before only through its own marker', () => {
    const marker = issueMarker('web')
    expect(readMarkers(issueBody(report, { run }, 'web', undefined), marker)).toEqual({})
    expect(readMarkers(issueBody(report, { run }, 'web', 12), marker)).toEqual({ previous: 12 })
  })

  it('escapes a marker in an error message, so it is not an HTML comment there', () => {
    const body = commentBody(report, { run }, { targets: ['web'] })
    const errorRow = body.split('\n').find(line => line.includes('broken'))
    expect(errorRow).toBeDefined()
    expect(errorRow).toContain('\\<!-- kube-drift-previous:99 --\\>')
    expect(errorRow).not.toContain(previousMarker(99))
  })
})
