import { parseQuantity, quantitiesEqual } from '../../../src/drift/quantity.ts'

describe('parseQuantity (exact, in nano-units)', () => {
  it.each([
    ['500m', 500_000_000n],
    ['0.5', 500_000_000n],
    [0.5, 500_000_000n],
    ['1', 1_000_000_000n],
    [1, 1_000_000_000n],
    ['1Ki', 1024n * 1_000_000_000n],
    ['1Gi', 1024n ** 3n * 1_000_000_000n],
    ['1.5Gi', 3n * 512n * 1024n * 1024n * 1_000_000_000n],
    ['1Ei', 2n ** 60n * 1_000_000_000n],
    ['1k', 1000n * 1_000_000_000n],
    ['1e3', 1000n * 1_000_000_000n],
    ['1E3', 1000n * 1_000_000_000n],
    ['1E', 10n ** 18n * 1_000_000_000n],
    ['2.5e-3', 2_500_000n],
    ['100u', 100_000n],
    ['1n', 1n],
    ['-1.5', -1_500_000_000n],
    ['+2', 2_000_000_000n],
    ['.5', 500_000_000n]
  ])('%p is %p nanos', (input, nanos) => {
    expect(parseQuantity(input)).toBe(nanos)
  })

  it('rounds precision below 1n up, as the API server does', () => {
    expect(parseQuantity('0.1n')).toBe(1n)
    expect(parseQuantity('1.0000000001')).toBe(1_000_000_001n)
  })

  it('stays exact where floats would not (0.1 + 0.2 style)', () => {
    expect(parseQuantity('0.3')).toBe(300_000_000n)
    expect(parseQuantity('123456789.123456789')).toBe(123456789123456789n)
  })

  it.each(['', 'abc', '1Gb', '1 Gi', '1.2.3', 'Gi', '1e', '0x10'])('rejects %p', input => {
    expect(parseQuantity(input)).toBeUndefined()
  })
})

describe('quantitiesEqual', () => {
  it.each([
    ['500m', 0.5],
    ['1Gi', '1024Mi'],
    ['1', 1],
    ['1e3', '1k'],
    ['1M', '1000k'],
    ['0.5Gi', '512Mi'],
    ['1000m', '1']
  ])('%p == %p', (a, b) => {
    expect(quantitiesEqual(a, b)).toBe(true)
  })

  it.each([
    ['1Gi', '1G'],
    ['500m', '0.6'],
    ['1Ki', '1k'],
    ['abc', 'abc']
  ])('%p != %p', (a, b) => {
    expect(quantitiesEqual(a, b)).toBe(false)
  })
})
