import { renderDiff, toDiffYaml } from '../../../src/drift/diff.ts'
import { desiredSideForDiff } from '../../../src/drift/diff-view.ts'

describe('toDiffYaml', () => {
  it('sorts keys so key order never shows up as a difference', () => {
    expect(toDiffYaml({ b: 1, a: { d: 2, c: 3 } })).toBe('a:\n  c: 3\n  d: 2\nb: 1\n')
    expect(toDiffYaml({ b: 1, a: 2 })).toBe(toDiffYaml({ a: 2, b: 1 }))
  })

  it('shows masked values in the one notation of every output, unquoted', () => {
    expect(toDiffYaml({ data: { password: '(secret, hmac:0011aabb)' } })).toBe(
      'data:\n  password: (secret, hmac:0011aabb)\n'
    )
  })

  it('is empty for an absent side', () => {
    expect(toDiffYaml(undefined)).toBe('')
  })
})

describe('renderDiff', () => {
  it('is a unified diff from live to desired with sorted keys', () => {
    const live = {
      spec: {
        alpha: 1,
        bravo: 2,
        charlie: 3,
        delta: 4,
        replicas: 5,
        echo: 6,
        golf: 7,
        hotel: 8,
        india: 9
      }
    }
    const desired = { spec: { ...live.spec, replicas: 3 } }
    expect(renderDiff(live, desired)).toBe(
      [
        '--- live (cluster)',
        '+++ desired (Git)',
        // replicas sorts after india, so the hunk is at the end.
        '@@ -7,4 +7,4 @@',
        '   golf: 7',
        '   hotel: 8',
        '   india: 9',
        '-  replicas: 5',
        '+  replicas: 3',
        ''
      ].join('\n')
    )
  })

  it('keeps only 3 lines of context around a change', () => {
    const keys = Array.from({ length: 12 }, (_, i) => `key${String(i).padStart(2, '0')}`)
    const live = Object.fromEntries(keys.map(key => [key, 'same']))
    const desired = { ...live, key06: 'changed' }
    expect(renderDiff(live, desired)).toBe(
      [
        '--- live (cluster)',
        '+++ desired (Git)',
        '@@ -4,7 +4,7 @@',
        ' key03: same',
        ' key04: same',
        ' key05: same',
        '-key06: same',
        '+key06: changed',
        ' key07: same',
        ' key08: same',
        ' key09: same',
        ''
      ].join('\n')
    )
  })

  it('shows a Missing resource as all +, an Extra one as all -', () => {
    expect(renderDiff(undefined, { kind: 'ConfigMap' })).toBe(
      '--- live (cluster)\n+++ desired (Git)\n@@ -0,0 +1,1 @@\n+kind: ConfigMap\n'
    )
    expect(renderDiff({ kind: 'ConfigMap' }, undefined)).toBe(
      '--- live (cluster)\n+++ desired (Git)\n@@ -1,1 +0,0 @@\n-kind: ConfigMap\n'
    )
  })

  it('is empty when both sides are equal', () => {
    expect(renderDiff({ a: 1 }, { a: 1 })).toBe('')
  })
})

describe('desiredSideForDiff', () => {
  const none = {
    leftOut: new Set<string>(),
    ignoredLive: new Set<string>(),
    ignoredPredictedOnly: new Set<string>()
  }
  const live = {
    spec: {
      replicas: 5,
      env: [
        { name: 'A', value: '1' },
        { name: 'DEBUG', value: 'true' }
      ],
      resources: { limits: { cpu: '500m' } }
    }
  }
  const predicted = {
    spec: {
      replicas: 3,
      env: [
        { name: 'NEW', value: 'x' },
        { name: 'A', value: '1' },
        { name: 'DEBUG', value: 'true' }
      ],
      resources: { limits: { cpu: 0.5 } }
    }
  }

  it('keeps live order for keyed lists and the live spelling of equal values', () => {
    expect(desiredSideForDiff(live, predicted, none)).toEqual({
      spec: {
        replicas: 3,
        env: [
          { name: 'A', value: '1' },
          { name: 'DEBUG', value: 'true' },
          { name: 'NEW', value: 'x' }
        ],
        resources: { limits: { cpu: '500m' } }
      }
    })
  })

  it('leaves out fields reported as out of band / removed from Git', () => {
    const view = desiredSideForDiff(live, predicted, { ...none, leftOut: new Set(['/spec/env/1']) })
    expect(view).toMatchObject({ spec: { env: [{ name: 'A' }, { name: 'NEW' }] } })
  })

  it('shows the live value for ignored changes, and drops ignored predicted-only items', () => {
    const view = desiredSideForDiff(live, predicted, {
      ...none,
      ignoredLive: new Set(['/spec/replicas']),
      // NEW exists only predicted: its path uses its predicted index, 0.
      ignoredPredictedOnly: new Set(['/spec/env/0'])
    })
    expect(view).toEqual({ spec: { ...live.spec } })
  })
})
