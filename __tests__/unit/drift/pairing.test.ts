import { chooseListKey } from '../../../src/drift/list-keys.ts'
import { pairLists } from '../../../src/drift/pairing.ts'

describe('chooseListKey', () => {
  it('uses name when every item has a unique one (containers, env, volumes)', () => {
    expect(chooseListKey([{ name: 'A', value: '1' }], [{ name: 'B' }])?.name).toBe('name')
  })

  it('falls back to mountPath when volume names repeat (one volume mounted twice)', () => {
    const mounts = [
      { name: 'config', mountPath: '/etc/app', subPath: 'app.yaml' },
      { name: 'config', mountPath: '/etc/log', subPath: 'log.yaml' }
    ]
    expect(chooseListKey(mounts, mounts)?.name).toBe('mountPath')
  })

  it('keys unnamed ports by port and protocol, defaulting protocol to TCP', () => {
    const key = chooseListKey([{ containerPort: 8080 }], [{ containerPort: 8080, protocol: 'TCP' }])
    expect(key?.name).toBe('containerPort+protocol')
    expect(key?.identity({ containerPort: 8080 })).toBe(
      key?.identity({ containerPort: 8080, protocol: 'TCP' })
    )
    expect(key?.identity({ containerPort: 53, protocol: 'UDP' })).not.toBe(
      key?.identity({ containerPort: 53 })
    )
  })

  it('keys claim templates by metadata.name', () => {
    const templates = [{ metadata: { name: 'data' }, spec: {} }]
    expect(chooseListKey(templates, templates)?.name).toBe('metadata.name')
  })

  it('has no key for scalars or for objects without one', () => {
    expect(chooseListKey(['a'], ['b'])).toBeUndefined()
    expect(chooseListKey([{ host: 'a' }], [{ host: 'b' }])).toBeUndefined()
  })
})

describe('pairLists', () => {
  it('pairs keyed items regardless of order, left indices first, right-only items last', () => {
    const live = [{ name: 'A' }, { name: 'DEBUG' }, { name: 'C' }]
    const predicted = [{ name: 'C' }, { name: 'A' }, { name: 'NEW' }]
    const pairing = pairLists(live, predicted)
    expect(pairing.kind).toBe('keyed')
    if (pairing.kind !== 'keyed') return
    expect(pairing.pairs.map(p => [p.segment, p.leftIndex, p.rightIndex])).toEqual([
      ['0', 0, 1],
      ['1', 1, undefined],
      ['2', 2, 0],
      ['2', undefined, 2]
    ])
  })

  it('pairs unkeyed objects by position only when both lists have the same length', () => {
    expect(pairLists([{ host: 'a' }], [{ host: 'b' }]).kind).toBe('index')
    expect(pairLists([{ host: 'a' }], [{ host: 'a' }, { host: 'b' }]).kind).toBe('atomic')
    expect(pairLists(['--port=80'], ['--port=80']).kind).toBe('atomic')
  })
})
