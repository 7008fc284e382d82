import {
  describeChange,
  formatTime,
  formatValue,
  pointerToPath,
  summaryLine,
  verdictOf,
  verdictText
} from '../../../src/report/format.ts'
import type { DriftSummary } from '../../../src/types.ts'

const summary = (counts: Partial<DriftSummary>): DriftSummary => ({
  resources: 12,
  inSync: 12,
  drifted: 0,
  missing: 0,
  extra: 0,
  errors: 0,
  ignored: 0,
  ...counts
})

describe('report formatting', () => {
  it.each([
    ['/spec/template/spec/containers/0/env/2', 'spec.template.spec.containers[0].env[2]'],
    ['/spec/replicas', 'spec.replicas'],
    [
      '/metadata/annotations/deployment.kubernetes.io~1revision',
      'metadata.annotations["deployment.kubernetes.io/revision"]'
    ],
    ['/metadata/labels/app-name', 'metadata.labels.app-name'],
    ['/data/a~0b', 'data["a~b"]'],
    ['', '(whole object)']
  ])('writes the pointer %s as %s', (pointer, path) => {
    expect(pointerToPath(pointer)).toBe(path)
  })

  it('renders values on one line, quoting strings and cutting long ones', () => {
    expect(formatValue(3)).toBe('3')
    expect(formatValue('80')).toBe('"80"')
    expect(formatValue('')).toBe('""')
    expect(formatValue(undefined)).toBe('(absent)')
    expect(formatValue('line one\nline two')).toBe('"line one…" (2 lines)')
    expect(formatValue('a: 1\nb: 2\nc: 3\n')).toBe('"a: 1…" (3 lines)')
    expect(formatValue('one line\n')).toBe('"one line\\n"')
    expect(formatValue('(secret, hmac:0011aabb)')).toBe('(secret, hmac:0011aabb)')
    expect(formatValue({ name: 'DEBUG', value: '1' })).toBe('{"name":"DEBUG","value":"1"}')
    const long = formatValue('x'.repeat(500), 20)
    expect(long).toHaveLength(20)
    expect(long).toContain('…')
  })

  it('formats times to the minute in UTC', () => {
    expect(formatTime('2026-11-20T03:12:44Z')).toBe('2026-11-20 03:12 UTC')
    expect(formatTime('2026-11-20T04:12:44+01:00')).toBe('2026-11-20 03:12 UTC')
    expect(formatTime('not a time')).toBe('not a time')
  })

  it('describes each kind of change', () => {
    // cluster → Git: what applying Git would do.
    expect(describeChange({ path: '/a', reason: 'changed', desired: 3, live: 5 })).toBe('5 → 3')
    expect(
      describeChange({
        path: '/a',
        reason: 'changed',
        live: 'checkout,wishlist',
        desired: 'checkout,wishlist,reviews'
      })
    ).toBe('"checkout,wishlist" → "checkout,wishlist,reviews"')
    expect(describeChange({ path: '/a', reason: 'missing-live', desired: 1 })).toBe('(absent) → 1')
    expect(describeChange({ path: '/a', reason: 'removed-from-git', live: 1 })).toBe(
      '1 → (absent): removed from Git'
    )
    expect(describeChange({ path: '/a', reason: 'added-out-of-band', live: 'x' })).toBe(
      '"x" added in the cluster, not in Git'
    )
  })

  it('gives errors precedence over drift in the verdict', () => {
    expect(verdictOf(summary({}))).toBe('in-sync')
    expect(verdictOf(summary({ inSync: 11, extra: 1 }))).toBe('drift')
    expect(verdictOf(summary({ inSync: 10, drifted: 1, errors: 1 }))).toBe('error')
    expect(verdictText(summary({}))).toBe('in sync (12 resources)')
    expect(verdictText(summary({ inSync: 9, drifted: 2, missing: 1 }))).toBe(
      'drift in 3 of 12 resources'
    )
    expect(verdictText(summary({ inSync: 8, drifted: 2, errors: 2 }))).toBe(
      'errors in 2 of 12 resources, drift in 2'
    )
  })

  it('writes the summary line', () => {
    expect(summaryLine(summary({ inSync: 9, drifted: 2, missing: 1, ignored: 3 }))).toBe(
      '12 resources: 9 in sync, 2 drifted, 1 missing, 0 extra, 0 errors (3 ignored)'
    )
  })
})

describe('truncate keeps both ends', () => {
  it('shows the tail where image tags differ', async () => {
    const { truncate } = await import('../../../src/report/format.ts')
    const a = truncate('"registry.example.com/guestbook/redis:7.4"', 30)
    const b = truncate('"registry.example.com/guestbook/redis:7.2-hotfix"', 30)
    expect(a.length).toBe(30)
    expect(a.endsWith('redis:7.4"')).toBe(true)
    expect(b.endsWith('2-hotfix"')).toBe(true)
    expect(a).not.toBe(b)
  })
})
