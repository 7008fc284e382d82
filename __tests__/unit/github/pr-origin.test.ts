// Introduced vs pre-existing: the PR's report compared with the base's.
import { describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { toJson } from '../../../src/report/json.ts'
import { markOrigins, noteBaseUnavailable } from '../../../src/github/pr-origin.ts'
import type { FieldChange, ResourceResult } from '../../../src/types.ts'
import { driftedDeployment, reportOf, resource, target } from '../report/sample-reports.ts'

const BASE_SHA = '0123456789abcdef0123456789abcdef01234567'
const replicas = (desired: number, live: number): FieldChange => ({
  path: '/spec/replicas',
  reason: 'changed',
  desired,
  live
})
const image: FieldChange = {
  path: '/spec/template/spec/containers/0/image',
  reason: 'changed',
  desired: 'web:2',
  live: 'web:1'
}
const deployment = (changes: FieldChange[]): ResourceResult =>
  resource({ ...driftedDeployment, changes })

function mark(head: ResourceResult[], base: ResourceResult[]) {
  const marked = markOrigins(reportOf([target(head)]), reportOf([target(base)]), BASE_SHA)
  return marked.targets[0]!
}

describe('markOrigins', () => {
  it('marks a difference present, identical, at the base as pre-existing', () => {
    const result = mark([deployment([replicas(3, 5)])], [deployment([replicas(3, 5)])])
    expect(result.resources[0]?.origin).toBe('pre-existing')
    expect(result.resources[0]?.changes[0]?.origin).toBe('pre-existing')
    // The badge in the row says it; no note repeats it 9,000 px down the page.
    expect(result.notes).toEqual([])
  })

  it('marks a new difference as introduced, and a resource with both as mixed', () => {
    const result = mark([deployment([replicas(3, 5), image])], [deployment([replicas(3, 5)])])
    expect(result.resources[0]?.origin).toBe('mixed')
    expect(result.resources[0]?.changes.map(change => change.origin)).toEqual([
      'pre-existing',
      'introduced'
    ])
    expect(result.notes).toEqual([])
  })

  it('a PR changing the desired value of an already drifted field introduces a new difference', () => {
    const result = mark([deployment([replicas(4, 5)])], [deployment([replicas(3, 5)])])
    expect(result.resources[0]?.origin).toBe('introduced')
  })

  it('a resource new in the PR, or in sync at the base, is introduced', () => {
    const missing = resource({ kind: 'Service', name: 'new', status: 'Missing', method: 'none' })
    const result = mark(
      [missing, deployment([replicas(3, 5)])],
      [resource({ ...driftedDeployment, status: 'InSync', changes: [] })]
    )
    expect(result.resources.map(r => r.origin)).toEqual(['introduced', 'introduced'])
  })

  it('the same Missing or Extra verdict is pre-existing', () => {
    const extra = resource({ name: 'x', status: 'Extra', method: 'none' })
    const result = mark([extra], [extra])
    expect(result.resources[0]?.origin).toBe('pre-existing')
  })

  it('an Error at head and base is an error, never "already drifted at the base"', () => {
    const failed = resource({
      ...driftedDeployment,
      status: 'Error',
      method: 'none',
      changes: [],
      error: 'the API server answered 503'
    })
    const result = mark([failed], [failed])
    expect(result.resources[0]?.origin).toBeUndefined()
    expect(result.notes).toEqual([])
  })

  it('drift whose base check failed has no origin: the base is unknown, not in sync', () => {
    const failed = resource({ ...driftedDeployment, status: 'Error', method: 'none', changes: [] })
    const result = mark([deployment([replicas(3, 5)])], [failed])
    expect(result.resources[0]?.origin).toBeUndefined()
    expect(result.notes).toEqual([
      'Not compared at the base commit 0123456 (an error there), so whether this pull request brings the drift is unknown: 1 resource (Deployment.apps web/api).'
    ])
    // And an error at the base that is in sync here is not "resolved" drift.
    const inSync = resource({ ...driftedDeployment, status: 'InSync', changes: [] })
    expect(mark([inSync], [failed]).notes).toEqual([])
  })

  it('masked (secret) changes compare by their hashes: head and base share one salt', () => {
    const secret = (hash: string): FieldChange => ({
      path: '/data/password',
      reason: 'changed',
      desired: `(hash ${hash})`,
      live: '(hash x)',
      sensitive: true
    })
    // The PR changes the secret's desired value again: a new difference.
    expect(
      mark([deployment([secret('a')])], [deployment([secret('b')])]).resources[0]?.origin
    ).toBe('introduced')
    // The same masked difference at the base: it was there before.
    expect(
      mark([deployment([secret('a')])], [deployment([secret('a')])]).resources[0]?.origin
    ).toBe('pre-existing')
  })

  it('names what the PR resolves, and leaves in-sync resources unflagged', () => {
    const result = mark(
      [resource({ ...driftedDeployment, status: 'InSync', changes: [] })],
      [deployment([replicas(3, 5)])]
    )
    expect(result.resources[0]?.origin).toBeUndefined()
    expect(result.notes).toEqual([
      'Resolved by this pull request (drifted at the base, in sync here): 1 resource (Deployment.apps web/api).'
    ])
  })

  it('names at most five resources in a note', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      resource({ name: `m${i}`, status: 'Drifted', changes: [replicas(3, 5)] })
    )
    const inSync = many.map(r => ({ ...r, status: 'InSync' as const, changes: [] }))
    const result = mark(inSync, many)
    expect(result.notes[0]).toMatch(
      /^Resolved by this pull request \(drifted at the base, in sync here\): 8 resources \(.*m4 and 3 more\)\.$/
    )
  })
})

describe('the origin flags in the JSON report', () => {
  it('are allowed by the v1 schema, and nothing else new is', () => {
    const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default
    const ajv = new Ajv({ allErrors: true })
    addFormats(ajv)
    const validate = ajv.compile(
      JSON.parse(readFileSync('schema/drift-report.v1.schema.json', 'utf8')) as object
    )
    const head = reportOf([target([deployment([replicas(3, 5), image])])])
    const marked = markOrigins(head, reportOf([target([deployment([replicas(3, 5)])])]), BASE_SHA)
    expect(validate(JSON.parse(toJson(marked)))).toBe(true)
    const wrong = JSON.parse(toJson(marked))
    wrong.targets[0].resources[0].origin = 'unknown'
    expect(validate(wrong)).toBe(false)
  })
})

describe('noteBaseUnavailable', () => {
  it('says why once per target and flags nothing', () => {
    const report = noteBaseUnavailable(reportOf([target([deployment([image])])]), 'no git')
    expect(report.targets[0]?.notes).toEqual([
      'Introduced vs pre-existing drift is not shown: no git.'
    ])
    expect(report.targets[0]?.resources[0]?.origin).toBeUndefined()
  })
})
