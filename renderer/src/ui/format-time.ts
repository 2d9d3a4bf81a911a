// Human times for the pages. `nowMs` is a parameter so tests are exact and pages re-render deterministically.

export function formatAge(thenMs: number, nowMs: number): string {
  const seconds = Math.round((nowMs - thenMs) / 1000)
  if (seconds < 0) return 'just now'
  if (seconds < 60) return 'just now'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`
  return `${Math.round(hours / 24)} days ago`
}

// One formatter for the page's life: `toLocaleString(locale, options)` builds a new Intl.DateTimeFormat on every
// call, which was a third of the cached shell's first render (measured with `npm run bench:startup --trace`).
let dateTimeFormat: Intl.DateTimeFormat | null = null

export function formatDateTime(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'unknown'
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  return dateTimeFormat.format(ms)
}

// Friendly times for things people do ("Active now", "Yesterday at 17:02"), as calendar words rather than a
// count of hours: "27 hours ago" makes the reader do the arithmetic. Calendar days are the user's (the time
// zone the formatters use), so a device seen at 23:50 is "Yesterday" at 00:10. `locale` and `timeZone` are
// parameters only so tests are exact on any machine; the app passes neither (the user's own).

export interface CalendarOptions {
  locale?: string
  timeZone?: string
}

/** What `friendlyTime` found, before it is put into words (a sentence and a label say it differently). */
export type FriendlyTime =
  | { kind: 'now' }
  | { kind: 'minutes'; minutes: number }
  | { kind: 'today'; time: string }
  | { kind: 'yesterday'; time: string }
  | { kind: 'weekday'; weekday: string; time: string }
  | { kind: 'date'; date: string }
  | { kind: 'unknown' }

/** Under this, a device is "active now" (it refreshes its row every time it connects, and the page every 30 s). */
export const ACTIVE_NOW_MS = 2 * 60_000

interface Calendar {
  dayNumber(ms: number): number
  time: Intl.DateTimeFormat
  weekday: Intl.DateTimeFormat
  date: Intl.DateTimeFormat
}

// Built once per locale and zone, for the reason formatDateTime keeps one formatter.
const calendars = new Map<string, Calendar>()

function calendarFor({ locale, timeZone }: CalendarOptions): Calendar {
  const key = `${locale ?? ''}|${timeZone ?? ''}`
  let calendar = calendars.get(key)
  if (!calendar) {
    const day = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    })
    calendar = {
      // The day in that zone as a count of days, so "yesterday" is one less whatever DST did in between.
      dayNumber(ms) {
        const part = (type: string) => Number(day.formatToParts(ms).find((p) => p.type === type)?.value)
        return Math.round(Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000)
      },
      time: new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' }),
      weekday: new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }),
      date: new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' }),
    }
    calendars.set(key, calendar)
  }
  return calendar
}

/**
 * How long ago `thenMs` was, in calendar words: now (under two minutes), minutes (under an hour), today,
 * yesterday, a weekday (within the last week), then a date. A time ahead of `nowMs` (another computer's
 * clock) counts as now.
 */
export function friendlyTime(thenMs: number, nowMs: number, options: CalendarOptions = {}): FriendlyTime {
  if (!Number.isFinite(thenMs) || !Number.isFinite(nowMs)) return { kind: 'unknown' }
  const elapsed = nowMs - thenMs
  if (elapsed < ACTIVE_NOW_MS) return { kind: 'now' }
  if (elapsed < 60 * 60_000) return { kind: 'minutes', minutes: Math.floor(elapsed / 60_000) }
  const calendar = calendarFor(options)
  const time = calendar.time.format(thenMs)
  const days = calendar.dayNumber(nowMs) - calendar.dayNumber(thenMs)
  if (days <= 0) return { kind: 'today', time }
  if (days === 1) return { kind: 'yesterday', time }
  if (days < 7) return { kind: 'weekday', weekday: calendar.weekday.format(thenMs), time }
  return { kind: 'date', date: calendar.date.format(thenMs) }
}

/** On its own, as a label: "Active now", "5 minutes ago", "Today at 09:14", "Yesterday at 17:02", "Monday at
 * 10:00", "12 Nov 2026". */
export function formatFriendlyTime(thenMs: number, nowMs: number, options?: CalendarOptions): string {
  const when = friendlyTime(thenMs, nowMs, options)
  switch (when.kind) {
    case 'now':
      return 'Active now'
    case 'minutes':
      return `${when.minutes} minutes ago`
    case 'today':
      return `Today at ${when.time}`
    case 'yesterday':
      return `Yesterday at ${when.time}`
    case 'weekday':
      return `${when.weekday} at ${when.time}`
    case 'date':
      return when.date
    case 'unknown':
      return 'Unknown'
  }
}

/** Inside a sentence, after what happened ("Signed out from X ___", "Last seen ___"): "just now", "5 minutes
 * ago", "today at 09:14", "yesterday at 17:02", "on Monday at 10:00", "on 12 Nov 2026". */
export function formatFriendlyTimeInSentence(
  thenMs: number,
  nowMs: number,
  options?: CalendarOptions,
): string {
  const when = friendlyTime(thenMs, nowMs, options)
  switch (when.kind) {
    case 'now':
      return 'just now'
    case 'minutes':
      return `${when.minutes} minutes ago`
    case 'today':
      return `today at ${when.time}`
    case 'yesterday':
      return `yesterday at ${when.time}`
    case 'weekday':
      return `on ${when.weekday} at ${when.time}`
    case 'date':
      return `on ${when.date}`
    case 'unknown':
      return 'at an unknown time'
  }
}

// Exact (localised) times wait for the first paint. The first Intl.DateTimeFormat of a renderer process loads
// ICU's locale data: 15-30 ms on our CI machines, measured in Chromium, more than the rest of the cached shell's
// first render. main.tsx holds exact times until the first screen has painted; until then the pages show the
// relative age ("3 hours ago"), which needs no Intl, and add the exact time a frame later. Nothing is held
// unless `holdExactTimes` is called, so components and tests outside the app's start format at once.
let exactTimesHold: object | null = null
const exactTimesListeners = new Set<() => void>()

/** Holds exact times back; call the returned function (once the first screen has painted) to release them.
 * Only the latest hold's release counts. */
export function holdExactTimes(): () => void {
  const hold = {}
  exactTimesHold = hold
  return () => {
    if (exactTimesHold !== hold) return
    exactTimesHold = null
    for (const listener of [...exactTimesListeners]) listener()
  }
}

export function exactTimesReady(): boolean {
  return exactTimesHold === null
}

export function subscribeExactTimes(listener: () => void): () => void {
  exactTimesListeners.add(listener)
  return () => exactTimesListeners.delete(listener)
}
