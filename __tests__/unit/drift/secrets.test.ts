// Secrets stay secret: a canary value must never appear anywhere in a result,
// whatever the verdict and whichever way the value got into the objects.

import type { KubeObject } from '../../../src/types.ts'
import { extraResource } from '../../../src/drift/index.ts'
import { type Method, compare, compareBy, diffLines } from './compare-helpers.ts'
import { secretDesired, secretLive } from './fixtures.ts'

const CANARY = 'CANARY-s3cr3t-4b1d9e'
const OTHER = 'other-value-77'

function expectNoCanary(result: unknown) {
  const json = JSON.stringify(result)
  expect(json).not.toContain(CANARY)
  expect(json).not.toContain(Buffer.from(CANARY).toString('base64'))
  // Also no quoted-in-JSON form of the annotation that embeds it.
  expect(json).not.toContain(JSON.stringify(CANARY).slice(1, -1))
}

describe.each<Method>(['local', 'server'])('a drifted Secret (%s)', method => {
  it('names the key, marks it sensitive, shows different hashes, never the value', () => {
    const live = secretLive(CANARY)
    const desired = secretDesired(OTHER)
    const dryRun = secretLive(OTHER)
    const result = compareBy(method, desired, live, dryRun)
    expectNoCanary(result)
    expect(JSON.stringify(result)).not.toContain(OTHER)
    expect(result.status).toBe('Drifted')
    expect(result.changes).toHaveLength(1)
    const [change] = result.changes
    expect(change).toMatchObject({ path: '/data/password', reason: 'changed', sensitive: true })
    expect(change?.live).toMatch(/^\(secret, hmac:[0-9a-f]{8}\)$/)
    expect(change?.desired).toMatch(/^\(secret, hmac:[0-9a-f]{8}\)$/)
    expect(change?.live).not.toBe(change?.desired)
    expect(diffLines(result.diff, '-')).toEqual([
      expect.stringMatching(/^- {2}password: \(secret, hmac:[0-9a-f]{8}\)$/)
    ])
    expect(diffLines(result.diff, '+')).toEqual([
      expect.stringMatching(/^\+ {2}password: \(secret, hmac:[0-9a-f]{8}\)$/)
    ])
  })
})

describe('Secret values in every other verdict', () => {
  it('a Missing Secret (canary in stringData)', () => {
    const result = compare(secretDesired(CANARY), null)
    expect(result.status).toBe('Missing')
    expectNoCanary(result)
    expect(result.diff).toContain('password: (secret, hmac:')
    expect(result.changes[0]?.sensitive).toBe(true)
  })

  it('a Missing Secret (canary as base64 data)', () => {
    const desired: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tls', namespace: 'web' },
      type: 'kubernetes.io/tls',
      data: { 'tls.key': Buffer.from(CANARY).toString('base64') }
    }
    expectNoCanary(compare(desired, null))
  })

  it('an Extra Secret', () => {
    const result = extraResource(secretLive(CANARY), 'salt')
    expect(result.status).toBe('Extra')
    expectNoCanary(result)
    expect(result.diff).toContain('-  password: (secret, hmac:')
  })

  it('an in-sync Secret whose last-applied annotation embeds the value', () => {
    const result = compare(secretDesired(CANARY), secretLive(CANARY))
    expect(result.status).toBe('InSync')
    expectNoCanary(result)
  })

  it('a key removed from Git, found through the last-applied annotation that embeds it', () => {
    const applied = secretDesired('pw', { apiKey: CANARY })
    const result = compare(secretDesired('pw'), secretLive('pw', applied))
    expectNoCanary(result)
    expect(result.changes).toEqual([
      expect.objectContaining({
        path: '/data/apiKey',
        reason: 'removed-from-git',
        sensitive: true,
        live: expect.stringMatching(/^\(secret, hmac:[0-9a-f]{8}\)$/)
      })
    ])
  })

  it('a key added to the live Secret out of band', () => {
    const live = secretLive('pw')
    ;(live.data as Record<string, string>).token = Buffer.from(CANARY).toString('base64')
    live.metadata.managedFields?.push({
      manager: 'kubectl-edit',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2026-11-20T03:12:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:token': {} } }
    })
    const result = compare(secretDesired('pw'), live)
    expectNoCanary(result)
    expect(result.changes).toMatchObject([
      { path: '/data/token', reason: 'added-out-of-band', sensitive: true, manager: 'kubectl-edit' }
    ])
  })

  it('a changed Secret whose dry-run result carries the new value and the old annotation', () => {
    const dryRun = secretLive(OTHER, secretDesired(CANARY))
    const result = compare(secretDesired(OTHER), secretLive(CANARY), { dryRun })
    expectNoCanary(result)
    expect(JSON.stringify(result)).not.toContain(OTHER)
  })
})
