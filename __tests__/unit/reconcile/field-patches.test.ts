import {
  comparePointersDescending,
  removalOperations,
  replacementOperations
} from '../../../src/reconcile/field-patches.ts'
import type { FieldChange } from '../../../src/types.ts'

const env = (i: number): FieldChange => ({
  path: `/spec/template/spec/containers/0/env/${i}`,
  reason: 'added-out-of-band',
  live: { name: `V${i}`, value: 'x' },
  manager: 'kubectl-edit'
})

describe('removalOperations', () => {
  it('removes out-of-band and removed-from-git fields, highest list index first', () => {
    const ops = removalOperations([
      env(2),
      { path: '/spec/replicas', reason: 'changed', desired: 3, live: 5 },
      env(10),
      { path: '/metadata/labels/extra', reason: 'removed-from-git', live: 'from-git' }
    ])
    expect(ops).toEqual([
      { op: 'remove', path: '/spec/template/spec/containers/0/env/10' },
      { op: 'remove', path: '/spec/template/spec/containers/0/env/2' },
      { op: 'test', path: '/metadata/labels/extra', value: 'from-git' },
      { op: 'remove', path: '/metadata/labels/extra' }
    ])
  })

  it('never tests a masked Secret value', () => {
    const ops = removalOperations([
      {
        path: '/data/extra',
        reason: 'added-out-of-band',
        live: '(sensitive, sha256:1234)',
        sensitive: true
      }
    ])
    expect(ops).toEqual([{ op: 'remove', path: '/data/extra' }])
  })
})

describe('replacementOperations', () => {
  it('puts Git values back field by field, guarded by the live value', () => {
    expect(
      replacementOperations([
        { path: '/spec/ports/0/port', reason: 'changed', desired: 80, live: 8080 },
        { path: '/metadata/labels/tier', reason: 'changed', desired: 'backend' },
        { path: '/data/password', reason: 'changed', desired: 'x', live: 'y', sensitive: true }
      ])
    ).toEqual([
      { op: 'test', path: '/spec/ports/0/port', value: 8080 },
      { op: 'replace', path: '/spec/ports/0/port', value: 80 },
      { op: 'add', path: '/metadata/labels/tier', value: 'backend' }
    ])
  })
})

describe('comparePointersDescending', () => {
  it('orders list indices numerically, highest first', () => {
    expect(['/a/2', '/a/10', '/a/9', '/b'].sort(comparePointersDescending)).toEqual([
      '/b',
      '/a/10',
      '/a/9',
      '/a/2'
    ])
  })
})
