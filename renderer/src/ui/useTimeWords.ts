// Words about a moment that change as time passes ("just now", "5 minutes ago", "Active now"), kept true while a
// page is open. One clock serves every such text on screen, and each text re-renders only when its own words
// change: an open page whose times still read the same does no React work at all. (Before, a page held the
// clock and re-rendered its whole card every 30 s to find the same words: the idle profile page did that 20
// times in the 10 minutes `npm run bench:live-data` idles it.)
import { useSyncExternalStore } from 'react'

/** How stale the words may get: the clock ticks this often while any are on screen. */
export const TIME_WORDS_TICK_MS = 30_000

const listeners = new Set<() => void>()
let clockMs = Date.now()
let ticking: ReturnType<typeof setInterval> | null = null

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (ticking === null) ticking = setInterval(tick, TIME_WORDS_TICK_MS)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && ticking !== null) {
      clearInterval(ticking)
      ticking = null
    }
  }
}

function tick(): void {
  clockMs = Date.now()
  for (const listener of [...listeners]) listener()
}

/**
 * The clock's time. While nothing is on screen it is stopped; the first text to render after that restarts it
 * from the real time, so a page opened after an hour elsewhere does not first show an hour-old "just now". It
 * moves only when a tick's worth out of date, so two reads in one render agree.
 */
function readClock(): number {
  if (ticking === null && Math.abs(Date.now() - clockMs) >= TIME_WORDS_TICK_MS) clockMs = Date.now()
  return clockMs
}

/**
 * `describe(nowMs)`, re-evaluated on every tick; the component re-renders only when the result changes. `describe`
 * must return the same string for the same time (it is a pure formatter such as `formatAge`).
 */
export function useTimeWords(describe: (nowMs: number) => string): string {
  return useSyncExternalStore(subscribe, () => describe(readClock()))
}
