import { jest } from '@jest/globals'
import { isSelected, parseField, parseOnly, selectedChanges } from '../../../src/adopt/select.ts'
import type { AdoptOutcome } from '../../../src/adopt/types.ts'
import { adoptCommand } from '../../../src/cli/adopt-command.ts'
import { adoptVerdict } from '../../../src/report/verdict.ts'

const api = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'api' }

describe('selection', () => {
  it('--only takes Kind/namespace/name, Kind.group, and Kind/name for cluster-scoped objects', () => {
    expect(isSelected(api, [parseOnly('Deployment/web/api')])).toBe(true)
    expect(isSelected(api, [parseOnly('deployment.apps/web/api')])).toBe(true)
    expect(isSelected(api, [parseOnly('Deployment/other/api')])).toBe(false)
    expect(isSelected(api, [parseOnly('Deployment/api')])).toBe(false)
    expect(
      isSelected({ apiVersion: 'v1', kind: 'Namespace', name: 'web' }, [parseOnly('Namespace/web')])
    ).toBe(true)
    expect(isSelected(api, [])).toBe(true)
    expect(() => parseOnly('api')).toThrow('Kind/namespace/name')
    expect(() => parseOnly('a/b/c/d')).toThrow()
  })

  it('--field takes the field and what is under it', () => {
    const changes = [
      '/spec/replicas',
      '/spec/template/spec/containers/0/image',
      '/metadata/labels/a'
    ].map(p => ({ path: p, reason: 'changed' as const }))
    expect(selectedChanges(changes, ['/spec/template']).map(c => c.path)).toEqual([
      '/spec/template/spec/containers/0/image'
    ])
    expect(selectedChanges(changes, [])).toHaveLength(3)
    expect(() => parseField('spec.replicas')).toThrow('JSON Pointer')
  })
})

function outcome(parts: Partial<AdoptOutcome>): AdoptOutcome {
  return {
    target: 't',
    renderer: 'plain',
    dryRun: false,
    written: true,
    files: [{ path: 'a.yaml', before: 'a', after: 'b' }],
    adopted: [
      {
        resource: 'r',
        path: '/spec/replicas',
        reason: 'changed',
        action: 'set',
        value: 3,
        file: 'a.yaml'
      }
    ],
    extras: [],
    skipped: [],
    failed: [],
    suggestions: [],
    errors: [],
    recheck: [{ resource: 'r', status: 'InSync', stillDiffering: [] }],
    ...parts
  }
}

describe('adoptVerdict', () => {
  it('0 when adopted and in sync; Secret skips do not fail it', () => {
    expect(adoptVerdict([outcome({})]).code).toBe(0)
    expect(
      adoptVerdict([outcome({ skipped: [{ resource: 's', path: '/data/x', why: 'secret' }] })]).code
    ).toBe(0)
  })

  it('1 for an Error, a field not adopted, a Helm suggestion, or a field still differing', () => {
    expect(adoptVerdict([outcome({ errors: [{ resource: 'r', path: '', why: 'x' }] })])).toEqual({
      code: 1,
      message: '1 resource(s) could not be compared'
    })
    expect(
      adoptVerdict([outcome({ failed: [{ resource: 'r', path: '/a', why: 'x' }] })]).code
    ).toBe(1)
    expect(
      adoptVerdict([
        outcome({
          suggestions: [
            { resource: 'r', path: '/a', reason: 'changed', chart: 'c', valuesFiles: [] }
          ]
        })
      ]).code
    ).toBe(1)
    expect(
      adoptVerdict([
        outcome({
          recheck: [{ resource: 'r', status: 'Drifted', stillDiffering: ['/spec/replicas'] }]
        })
      ])
    ).toEqual({ code: 1, message: '1 resource(s) still differ after adopting' })
  })

  it('a dry run says what it would adopt', () => {
    expect(adoptVerdict([outcome({ dryRun: true, written: false, recheck: null })])).toEqual({
      code: 0,
      message: 'would adopt 1 field(s) in 1 file(s)'
    })
  })
})

describe('adoptCommand', () => {
  it('a usage error is exit 2, before any cluster is touched', async () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      expect(await adoptCommand(['--only', 'api'])).toBe(2)
      expect(await adoptCommand(['--field', 'spec.replicas'])).toBe(2)
      expect(await adoptCommand(['--no-such-option'])).toBe(2)
      expect(await adoptCommand(['-o', 'yaml'])).toBe(2)
      expect(await adoptCommand(['--concurrency', '0'])).toBe(2)
    } finally {
      write.mockRestore()
    }
  })
})
