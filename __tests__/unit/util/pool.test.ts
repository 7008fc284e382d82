import { mapWithConcurrency } from '../../../src/util/pool.ts'

describe('mapWithConcurrency', () => {
  it('keeps order and never exceeds the limit', async () => {
    let inFlight = 0
    let peak = 0
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n, i) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise(resolve => setTimeout(resolve, n))
      inFlight--
      return n * 10 + i
    })
    expect(results).toEqual([50, 11, 42, 23, 34, 5])
    expect(peak).toBe(2)
  })

  it('handles an empty list', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([])
  })
})
