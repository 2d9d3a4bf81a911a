import { describe, expect, it } from 'vitest'
import {
  formatAge,
  formatDateTime,
  formatFriendlyTime,
  formatFriendlyTimeInSentence,
  friendlyTime,
} from './format-time'

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

describe('friendly times', () => {
  // Thursday 26 November 2026, 12:00 UTC. Every case names its zone and locale, so the machine's do not matter.
  const now = Date.UTC(2026, 10, 26, 12, 0)
  const utc = { locale: 'en-GB', timeZone: 'UTC' }
  const at = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, day, hour, minute)
  const label = (then: number, options = utc) => formatFriendlyTime(then, now, options)

  it('says "Active now" under two minutes, then counts minutes for the first hour', () => {
    expect(label(now)).toBe('Active now')
    expect(label(now - 10_000)).toBe('Active now')
    expect(label(now - 119_999)).toBe('Active now')
    expect(label(now - 120_000)).toBe('2 minutes ago')
    expect(label(now - 5 * 60_000 - 30_000)).toBe('5 minutes ago')
    expect(label(now - 59 * 60_000)).toBe('59 minutes ago')
  })

  it('a time ahead of now (another clock) is now, not "in 3 minutes"', () => {
    expect(label(now + 3 * 60_000)).toBe('Active now')
  })

  it('names the day: today, yesterday (also 27 hours ago), a weekday within a week, then a date', () => {
    expect(label(now - 60 * 60_000)).toBe('Today at 11:00')
    expect(label(at(26, 9, 14))).toBe('Today at 09:14')
    expect(label(at(26, 0, 0))).toBe('Today at 00:00')
    expect(label(at(25, 17, 2))).toBe('Yesterday at 17:02')
    expect(label(now - 27 * 3_600_000)).toBe('Yesterday at 09:00')
    expect(label(at(23, 10, 0))).toBe('Monday at 10:00')
    expect(label(at(20, 8, 30))).toBe('Friday at 08:30')
    expect(label(at(19, 12, 0))).toBe('19 Nov 2026')
    expect(label(Date.UTC(2025, 0, 2, 12))).toBe('2 Jan 2025')
  })

  it('counts calendar days in the user’s zone, not in UTC', () => {
    const then = Date.UTC(2026, 10, 25, 22, 0)
    const later = Date.UTC(2026, 10, 26, 0, 30)
    expect(formatFriendlyTime(then, later, utc)).toBe('Yesterday at 22:00')
    // 07:00 and 09:30 the same morning in Tokyo.
    expect(formatFriendlyTime(then, later, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe(
      'Today at 07:00',
    )
    // 17:00 the day before in Los Angeles.
    expect(formatFriendlyTime(then, later, { locale: 'en-GB', timeZone: 'America/Los_Angeles' })).toBe(
      'Today at 14:00',
    )
  })

  it('a day that changed its clock (DST ended) is still one day', () => {
    const ny = { locale: 'en-GB', timeZone: 'America/New_York' }
    // Saturday 31 October 12:00 EDT, then Sunday 1 November 12:00 EST: 25 hours apart.
    const then = Date.UTC(2026, 9, 31, 16)
    const later = Date.UTC(2026, 10, 1, 17)
    expect(formatFriendlyTime(then, later, ny)).toBe('Yesterday at 12:00')
  })

  it('uses the locale’s own time and date formats', () => {
    const us = { locale: 'en-US', timeZone: 'UTC' }
    expect(label(at(26, 9, 14), us)).toMatch(/^Today at 9:14\sAM$/)
    expect(label(at(19, 12, 0), us)).toBe('Nov 19, 2026')
    expect(label(at(23, 10, 0), { locale: 'de-DE', timeZone: 'UTC' })).toBe('Montag at 10:00')
  })

  it('reads inside a sentence', () => {
    const sentence = (then: number) => formatFriendlyTimeInSentence(then, now, utc)
    expect(sentence(now - 30_000)).toBe('just now')
    expect(sentence(now - 5 * 60_000)).toBe('5 minutes ago')
    expect(sentence(at(26, 9, 14))).toBe('today at 09:14')
    expect(sentence(at(25, 17, 2))).toBe('yesterday at 17:02')
    expect(sentence(at(23, 10, 0))).toBe('on Monday at 10:00')
    expect(sentence(at(1, 10, 0))).toBe('on 1 Nov 2026')
  })

  it('says unknown for an impossible time instead of throwing', () => {
    expect(friendlyTime(Number.NaN, now, utc)).toEqual({ kind: 'unknown' })
    expect(formatFriendlyTime(Number.POSITIVE_INFINITY, now, utc)).toBe('Unknown')
  })
})
