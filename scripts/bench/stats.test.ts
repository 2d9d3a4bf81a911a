import { describe, expect, it } from 'vitest'
import { formatMs, median, summarize } from './stats.ts'

describe('bench stats', () => {
  it('takes the middle value of an odd sample and the mean of the middle two of an even one', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
  })

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2]
    median(values)
    expect(values).toEqual([3, 1, 2])
  })

  it('refuses an empty sample instead of returning NaN', () => {
    expect(() => median([])).toThrow('median of no values')
  })

  it('summarises min, max and count', () => {
    expect(summarize([10, 30, 20, 100])).toEqual({ runs: 4, median: 25, min: 10, max: 100 })
  })

  it('formats small values with two decimals and larger ones with one', () => {
    expect(formatMs(0.4321)).toBe('0.43 ms')
    expect(formatMs(123.456)).toBe('123.5 ms')
  })
})
