// The history in the reports a run prints and saves: firstSeen and lifecycle per
// change and the resolved fields in the JSON (valid against the schema), and in
// the terminal's text.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import { withHistory } from '../../../src/drift/lifecycle/annotate.ts'
import { emptyState } from '../../../src/drift/lifecycle/state.ts'
import { track } from '../../../src/drift/lifecycle/track.ts'
import { ageText } from '../../../src/report/history.ts'
import { toJson } from '../../../src/report/json.ts'
import { toText } from '../../../src/report/text.ts'
import type { DriftReport, FieldChange } from '../../../src/types.ts'
import { reportOf, resource, target } from './sample-reports.ts'

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i
const validate = new Ajv({ allErrors: true, formats: { 'date-time': RFC3339 } }).compile(
  JSON.parse(readFileSync('schema/drift-report.v1.schema.json', 'utf8')) as object
)

const replicas: FieldChange = { path: '/spec/replicas', reason: 'changed', desired: 3, live: 5 }
const image: FieldChange = {
  path: '/spec/template/spec/containers/0/image',
  reason: 'changed',
  desired: 'a:1',
  live: 'a:2'
}
const labels: FieldChange = {
  path: '/metadata/labels/team',
  reason: 'added-out-of-band',
  live: 'ops'
}

function night(generatedAt: string, changes: FieldChange[]): DriftReport {
  const report = reportOf([
    target([
      resource({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'api',
        status: 'Drifted',
        changes
      })
    ])
  ])
  report.generatedAt = generatedAt
  return report
}

/** Night 1: replicas and labels; night 4: replicas still, labels gone, image new. */
function fourthNight(): DriftReport {
  const first = track(
    emptyState(),
    night('2026-11-30T03:30:00Z', [replicas, labels]),
    '2026-11-30T03:30:00Z'
  )
  const report = night('2026-12-03T03:30:00Z', [replicas, image])
  return withHistory(report, track(first.state, report, report.generatedAt))
}

describe('the history in the reports', () => {
  it('the JSON carries firstSeen and lifecycle per change, and what was resolved', () => {
    const json = JSON.parse(toJson(fourthNight())) as {
      targets: { resources: { changes: FieldChange[] }[]; resolved: unknown[] }[]
    }
    expect(validate(json)).toBe(true)
    const [still, fresh] = json.targets[0]!.resources[0]!.changes
    expect(still).toMatchObject({
      path: '/spec/replicas',
      firstSeen: '2026-11-30T03:30:00Z',
      lifecycle: 'still'
    })
    expect(fresh).toMatchObject({ firstSeen: '2026-12-03T03:30:00Z', lifecycle: 'new' })
    expect(json.targets[0]!.resolved).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'web',
        name: 'api',
        path: '/metadata/labels/team',
        firstSeen: '2026-11-30T03:30:00Z'
      }
    ])
  })

  it('the schema refuses a lifecycle it does not know', () => {
    const json = JSON.parse(toJson(fourthNight())) as {
      targets: { resources: { changes: { lifecycle: string }[] }[] }[]
    }
    json.targets[0]!.resources[0]!.changes[0]!.lifecycle = 'old'
    expect(validate(json)).toBe(false)
  })

  it('the text marks new fields, gives the age of the others, lists what went away, and counts them', () => {
    const text = toText(fourthNight(), { color: false })
    expect(text).toContain('spec.replicas: 5 → 3 [first seen 2026-11-30 03:30 UTC, 3 days]')
    expect(text).toContain(
      'spec.template.spec.containers[0].image: "a:2" → "a:1" [new since the last run]'
    )
    expect(text).toContain(
      '✅ resolved: Deployment.apps web/api metadata.labels.team (drifted since 2026-11-30 03:30 UTC, 3 days)'
    )
    expect(text).toContain('since the last run: 1 new, 1 still drifted, 1 resolved')
  })

  it('without a history, the text says nothing of it', () => {
    const text = toText(night('2026-12-03T03:30:00Z', [replicas]), { color: false })
    expect(text).not.toMatch(/first seen|since the last run|resolved/)
  })

  it.each([
    ['2026-12-03T03:00:00Z', 'under an hour'],
    ['2026-12-03T01:30:00Z', '2 hours'],
    ['2026-12-02T03:30:00Z', '1 day'],
    ['2026-11-30T04:00:00Z', '2 days']
  ])('the age from %s to the run is %s', (since, age) => {
    expect(ageText(since, '2026-12-03T03:30:00Z')).toBe(age)
  })
})
