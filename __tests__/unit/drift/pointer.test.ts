import {
  comparePointers,
  escapeSegment,
  isAtOrUnder,
  parsePointer,
  toPointer,
  valueAt
} from '../../../src/drift/pointer.ts'

describe('JSON Pointer (RFC 6901)', () => {
  it('escapes ~ as ~0 and / as ~1', () => {
    expect(escapeSegment('app.kubernetes.io/name')).toBe('app.kubernetes.io~1name')
    expect(escapeSegment('a~b')).toBe('a~0b')
    expect(toPointer(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe(
      '/metadata/labels/app.kubernetes.io~1name'
    )
  })

  it('unescapes ~01 to ~1, not to /', () => {
    expect(parsePointer('/a~01b')).toEqual(['a~1b'])
    expect(parsePointer('/a~1b/c~0d')).toEqual(['a/b', 'c~d'])
  })

  it('round-trips, with the empty pointer meaning the whole document', () => {
    const segments = ['spec', 'template', 'metadata', 'annotations', 'x/y~z']
    expect(parsePointer(toPointer(segments))).toEqual(segments)
    expect(parsePointer('')).toEqual([])
    expect(toPointer([])).toBe('')
  })

  it('knows a path is under another only at segment boundaries', () => {
    expect(isAtOrUnder('/spec/replicas', '/spec')).toBe(true)
    expect(isAtOrUnder('/spec', '/spec')).toBe(true)
    expect(isAtOrUnder('/specification', '/spec')).toBe(false)
    expect(isAtOrUnder('/anything', '')).toBe(true)
  })

  it('reads values through maps and list indices', () => {
    const object = { spec: { containers: [{ name: 'app' }] } }
    expect(valueAt(object, ['spec', 'containers', '0', 'name'])).toBe('app')
    expect(valueAt(object, ['spec', 'containers', 'x'])).toBeUndefined()
    expect(valueAt(object, ['spec', 'missing', 'deeper'])).toBeUndefined()
  })

  it('orders list indices numerically', () => {
    const sorted = ['/env/10', '/env/2', '/a'].sort(comparePointers)
    expect(sorted).toEqual(['/a', '/env/2', '/env/10'])
  })
})
