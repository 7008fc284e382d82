import { isQuantityPath, scalarsEqual, valuesEqual } from '../../../src/drift/values.ts'

const CPU_LIMIT = ['spec', 'template', 'spec', 'containers', '0', 'resources', 'limits', 'cpu']
const MEMORY_REQUEST = ['spec', 'containers', '0', 'resources', 'requests', 'memory']

describe('isQuantityPath', () => {
  it('recognises container resources, quotas, PVC storage, emptyDir sizeLimit and HPA targets', () => {
    expect(isQuantityPath(CPU_LIMIT)).toBe(true)
    expect(isQuantityPath(['spec', 'hard', 'requests.cpu'])).toBe(true)
    expect(isQuantityPath(['spec', 'resources', 'requests', 'storage'])).toBe(true)
    expect(isQuantityPath(['spec', 'volumes', '0', 'emptyDir', 'sizeLimit'])).toBe(true)
    expect(isQuantityPath(['spec', 'metrics', '0', 'resource', 'target', 'averageValue'])).toBe(
      true
    )
  })

  it('does not treat ConfigMap data or env values as quantities', () => {
    expect(isQuantityPath(['data', 'heap'])).toBe(false)
    expect(isQuantityPath(['spec', 'containers', '0', 'env', '0', 'value'])).toBe(false)
  })
})

describe('scalarsEqual', () => {
  it('compares quantities by value where the schema holds a quantity', () => {
    expect(scalarsEqual('500m', 0.5, CPU_LIMIT)).toBe(true)
    expect(scalarsEqual('1Gi', '1024Mi', MEMORY_REQUEST)).toBe(true)
    expect(scalarsEqual('1', 1, CPU_LIMIT)).toBe(true)
    expect(scalarsEqual('1e3', '1k', CPU_LIMIT)).toBe(true)
    expect(scalarsEqual('1Gi', '1G', MEMORY_REQUEST)).toBe(false)
  })

  it('keeps text that merely looks like a quantity as text elsewhere', () => {
    expect(scalarsEqual('1Gi', '1024Mi', ['data', 'heap'])).toBe(false)
    expect(scalarsEqual('0.5', '500m', ['spec', 'containers', '0', 'env', '0', 'value'])).toBe(
      false
    )
  })

  it('treats int-or-string numbers as their decimal spelling', () => {
    const targetPort = ['spec', 'ports', '0', 'targetPort']
    expect(scalarsEqual(80, '80', targetPort)).toBe(true)
    expect(scalarsEqual('80', 80, targetPort)).toBe(true)
    expect(scalarsEqual(80, '080', targetPort)).toBe(false)
    expect(scalarsEqual(80, 'http', targetPort)).toBe(false)
  })

  it('does not equate values of other types', () => {
    expect(scalarsEqual(true, 'true')).toBe(false)
    expect(scalarsEqual(0, false)).toBe(false)
    expect(scalarsEqual(null, '')).toBe(false)
  })
})

describe('valuesEqual', () => {
  it('ignores key order and compares leaves with their paths', () => {
    const live = { limits: { memory: '1Gi', cpu: '500m' } }
    const desired = { limits: { cpu: 0.5, memory: '1024Mi' } }
    expect(valuesEqual(live, desired, ['resources'])).toBe(true)
  })

  it('compares lists in order', () => {
    expect(valuesEqual(['a', 'b'], ['a', 'b'])).toBe(true)
    expect(valuesEqual(['a', 'b'], ['b', 'a'])).toBe(false)
    expect(valuesEqual(['a'], ['a', 'a'])).toBe(false)
  })

  it('sees a map and a list as different', () => {
    expect(valuesEqual({}, [])).toBe(false)
    expect(valuesEqual({ a: 1 }, { a: 2 })).toBe(false)
  })
})
