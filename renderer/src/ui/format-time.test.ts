import { describe, expect, it } from 'vitest'
import { formatAge, formatDateTime } from './format-time'

describe('formatDateTime', () => {
  it('formats like toLocaleString with a medium date and a short time, call after call', () => {
    const a = Date.UTC(2026, 0, 15, 9, 30)
    const b = Date.UTC(2025, 6, 4, 18, 5)
    const expected = (ms: number) =>
      new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    expect(formatDateTime(a)).toBe(expected(a))
    expect(formatDateTime(b)).toBe(expected(b))
    expect(formatDateTime(a)).not.toBe(formatDateTime(b))
  })

  it('says unknown for a missing or impossible time', () => {
    expect(formatDateTime(0)).toBe('unknown')
    expect(formatDateTime(-1)).toBe('unknown')
    expect(formatDateTime(Number.NaN)).toBe('unknown')
    expect(formatDateTime(Number.POSITIVE_INFINITY)).toBe('unknown')
  })
})

describe('formatAge', () => {
  it('rounds to minutes, hours, then days', () => {
    const now = Date.UTC(2026, 0, 15, 12)
    expect(formatAge(now - 10_000, now)).toBe('just now')
    expect(formatAge(now - 60_000, now)).toBe('1 minute ago')
    expect(formatAge(now - 3 * 3_600_000, now)).toBe('3 hours ago')
    expect(formatAge(now - 3 * 86_400_000, now)).toBe('3 days ago')
    expect(formatAge(now + 5_000, now)).toBe('just now')
  })
})
