// Human times for the pages. `nowMs` is a parameter so tests are exact and pages re-render deterministically.

// One definition with the main process's first frame (electron/main/first-frame.ts), which shows it first.
export { formatAge } from '../../../electron/shared/format-age'

// One formatter for the page's life: `toLocaleString(locale, options)` builds a new Intl.DateTimeFormat on every
// call, which was a third of the cached shell's first render (measured with `npm run bench:startup --trace`).
let dateTimeFormat: Intl.DateTimeFormat | null = null

export function formatDateTime(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'unknown'
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  return dateTimeFormat.format(ms)
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
