// The history's merge: new, still there (first seen kept), resolved (dropped, so
// a return is new), and fail-closed on errors.
import { describe, expect, it } from '@jest/globals'
import { withHistory } from '../../../../src/drift/lifecycle/annotate.ts'
import { seenBeforeIn } from '../../../../src/drift/lifecycle/seen-before.ts'
import { emptyState, type DriftState } from '../../../../src/drift/lifecycle/state.ts'
import { track } from '../../../../src/drift/lifecycle/track.ts'
import { stoppedRunReport } from '../../../../src/engine/stopped-run.ts'
import type { DriftReport, FieldChange, ResourceResult } from '../../../../src/types.ts'
import { reportOf, resource, target } from '../../report/sample-reports.ts'

const replicas = (live = 5): FieldChange => ({
  path: '/spec/replicas',
  reason: 'changed',
  desired: 3,
  live
})
const image: FieldChange = {
  path: '/spec/template/spec/containers/0/image',
  reason: 'changed',
  desired: 'a:1',
  live: 'a:2'
}

const deployment = (changes: FieldChange[], status: ResourceResult['status'] = 'Drifted') =>
  resource({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', status, changes })

const night = (...resources: ResourceResult[]): DriftReport => reportOf([target(resources)])
const paths = (fields: { path: string }[]) => fields.map(field => field.path)

function runs(...nights: [DriftReport, string][]) {
  let state: DriftState = emptyState()
  return nights.map(([report, now]) => {
    const result = track(state, report, now)
    state = result.state
    return result
  })
}

describe('track', () => {
  it('keeps the first-seen time of a field that stays drifted, and marks it still', () => {
    const [one, two] = runs(
      [night(deployment([replicas()])), '2026-11-30T03:30:00.123Z'],
      [night(deployment([replicas()])), '2026-12-01T03:30:00Z']
    )
    expect(paths(one!.new)).toEqual(['/spec/replicas'])
    expect(one!.new[0]!.firstSeen).toBe('2026-11-30T03:30:00Z')
    expect(two!.new).toEqual([])
    expect(two!.still.map(f => [f.path, f.firstSeen, f.valueChanged])).toEqual([
      ['/spec/replicas', '2026-11-30T03:30:00Z', false]
    ])
    // Nothing new or resolved: the change time stays the first night's.
    expect(two!.state.changedAt).toBe('2026-11-30T03:30:00Z')
  })

  it('a value that changes again while drifted is still there, with its value changed', () => {
    const [, two] = runs(
      [night(deployment([replicas(5)])), '2026-11-30T03:30:00Z'],
      [night(deployment([replicas(7)])), '2026-12-01T03:30:00Z']
    )
    expect(two!.new).toEqual([])
    expect(two!.still.map(f => [f.firstSeen, f.valueChanged])).toEqual([
      ['2026-11-30T03:30:00Z', true]
    ])
  })

  it('lists a resolved field once, and a field that returns is new again', () => {
    const [, two, three, four] = runs(
      [night(deployment([replicas(), image])), '2026-11-30T03:30:00Z'],
      [night(deployment([image])), '2026-12-01T03:30:00Z'],
      [night(deployment([image])), '2026-12-02T03:30:00Z'],
      [night(deployment([replicas(), image])), '2026-12-03T03:30:00Z']
    )
    expect(paths(two!.resolved)).toEqual(['/spec/replicas'])
    expect(two!.resolved[0]!.firstSeen).toBe('2026-11-30T03:30:00Z')
    expect(three!.resolved).toEqual([])
    expect(paths(four!.new)).toEqual(['/spec/replicas'])
    expect(four!.new[0]!.firstSeen).toBe('2026-12-03T03:30:00Z')
    expect(four!.state.changedAt).toBe('2026-12-03T03:30:00Z')
  })

  it('a resource in error keeps its fields: neither new nor resolved (unknown is not resolved)', () => {
    const [, two, three] = runs(
      [night(deployment([replicas()])), '2026-11-30T03:30:00Z'],
      [night(deployment([], 'Error')), '2026-12-01T03:30:00Z'],
      [night(deployment([replicas()])), '2026-12-02T03:30:00Z']
    )
    expect(two!.resolved).toEqual([])
    expect([...two!.state.entries.values()].map(e => [e.path, e.firstSeen])).toEqual([
      ['/spec/replicas', '2026-11-30T03:30:00Z']
    ])
    expect(three!.new).toEqual([])
    expect(three!.still[0]!.firstSeen).toBe('2026-11-30T03:30:00Z')
  })

  it('a run that stopped for the target keeps every field of it', () => {
    const stopped = stoppedRunReport(
      [{ name: 'web', renderer: 'plain', paths: ['deploy/'] } as never],
      'connection refused',
      '2026-12-01T03:30:00Z'
    )
    const [, two] = runs(
      [night(deployment([replicas()])), '2026-11-30T03:30:00Z'],
      [stopped, '2026-12-01T03:30:00Z']
    )
    expect(two!.resolved).toEqual([])
    expect(two!.state.entries.size).toBe(1)
  })

  it('a target this run did not check keeps its fields (a state file shared by runs)', () => {
    const first = track(emptyState(), night(deployment([replicas()])), '2026-11-30T03:30:00Z')
    const other = reportOf([target([resource({})], { name: 'api' })])
    const second = track(first.state, other, '2026-12-01T03:30:00Z')
    expect(second.resolved).toEqual([])
    expect(second.state.entries.size).toBe(1)
  })

  it('a partial state (cut or rebuilt) calls nothing new', () => {
    const partial = { ...emptyState(), partial: true }
    const result = track(partial, night(deployment([replicas()])), '2026-11-30T03:30:00Z')
    expect(result.new).toEqual([])
    expect(paths(result.still)).toEqual(['/spec/replicas'])
    expect(result.state.partial).toBe(false)
  })

  it('keeps the severity part 1 gave, for the went-away list', () => {
    const graded = { ...replicas(), severity: 'low' } as FieldChange
    const [, two] = runs(
      [night(deployment([graded])), '2026-11-30T03:30:00Z'],
      [night(), '2026-12-01T03:30:00Z']
    )
    expect(two!.resolved[0]!.severity).toBe('low')
  })

  it('is written into the report: firstSeen and lifecycle per change, resolved per target', () => {
    const [, two] = runs(
      [night(deployment([replicas(), image])), '2026-11-30T03:30:00Z'],
      [
        night(deployment([replicas()]), resource({ name: 'b', status: 'Missing', changes: [] })),
        '2026-12-01T03:30:00Z'
      ]
    )
    const report = night(deployment([replicas()]))
    const annotated = withHistory(report, track(two!.state, report, '2026-12-02T03:30:00Z'))
    expect(annotated.targets[0]!.resources[0]!.changes[0]).toMatchObject({
      firstSeen: '2026-11-30T03:30:00Z',
      lifecycle: 'still'
    })
    // The Missing ConfigMap went away: its root is listed, with where it was.
    expect(annotated.targets[0]!.resolved).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'web',
        name: 'b',
        path: '',
        firstSeen: '2026-12-01T03:30:00Z'
      }
    ])
    // A field the size bound left out of the written state gets no first-seen time.
    const kept = { ...two!.state, entries: new Map() }
    const bounded = withHistory(report, track(two!.state, report, '2026-12-02T03:30:00Z'), kept)
    expect(bounded.targets[0]!.resources[0]!.changes[0]!.firstSeen).toBeUndefined()
    // The input report is left as it was.
    expect(report.targets[0]!.resources[0]!.changes[0]!.firstSeen).toBeUndefined()
  })

  it('says which changes the last run saw too, for the suggested ignore rules', () => {
    const [one] = runs([night(deployment([replicas()])), '2026-11-30T03:30:00Z'])
    const seen = seenBeforeIn(one!.state)
    const api = deployment([])
    expect(seen(replicas(7), api)).toBe(true)
    expect(seen(image, api)).toBe(false)
    expect(seen(replicas(), { ...api, name: 'other' })).toBe(false)
    // The version is not part of the identity.
    expect(seen(replicas(), { ...api, apiVersion: 'apps/v1beta2' })).toBe(true)
    expect(seenBeforeIn(emptyState())(replicas(), api)).toBe(false)
  })
})
