import { describe, expect, it } from 'vitest'
import { formatMs, median, ratioSpread, summarize, tally } from './stats.ts'

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

describe('ratio spread of alternating loads', () => {
  it('gives the ratio of the medians and a summary of the per-pair ratios', () => {
    const spread = ratioSpread([100, 200, 100], [150, 220, 130])
    expect(spread?.ofMedians).toBeCloseTo(150 / 100)
    expect(spread?.pairs.runs).toBe(3)
    expect(spread?.pairs.median).toBeCloseTo(1.3)
    expect(spread?.pairs.min).toBeCloseTo(1.1)
    expect(spread?.pairs.max).toBeCloseTo(1.5)
  })

  it('leaves out a pair where either load failed, but keeps the other load in its median', () => {
    const spread = ratioSpread([100, null, 300], [200, 250, null])
    expect(spread?.pairs).toEqual({ runs: 1, median: 2, min: 2, max: 2 })
    expect(spread?.ofMedians).toBeCloseTo(225 / 200)
  })

  it('has no spread when no pair is complete, and refuses series that do not alternate', () => {
    expect(ratioSpread([null, 100], [100, null])).toBeNull()
    expect(() => ratioSpread([100], [100, 120])).toThrow('the two series must alternate')
  })

  it('tallies labels in the order they first appear, and nothing for no labels', () => {
    expect(tally(['Ping', 'Transition', 'Ping', 'Authenticate', 'Ping'])).toEqual([
      ['Ping', 3],
      ['Transition', 1],
      ['Authenticate', 1],
    ])
    expect(tally([])).toEqual([])
  })
})
