// The renderer's console, in main.log: a support report then shows what the window said, not only what the
// main process did. Entries arrive over IPC (already sender-checked and shape-checked by ipc-payloads.ts) and go
// through the same logger, so the redaction hook in logging.ts scrubs them like every other line. A renderer
// stuck in an error loop must not push the rest of the history out of the size-capped file: entries beyond a
// budget per time window are dropped and counted in one line.
import type { RendererLogEntry } from '../shared/contract'

export const RENDERER_LOG_BUDGET = { entries: 50, perMs: 10_000 }

export interface RendererLogSink {
  error(message: string): void
  warn(message: string): void
  info(message: string): void
}

export function createRendererLog(options: {
  log: RendererLogSink
  now?: () => number
  budget?: { entries: number; perMs: number }
}): (entry: RendererLogEntry) => void {
  const now = options.now ?? Date.now
  const budget = options.budget ?? RENDERER_LOG_BUDGET
  let windowStart = now()
  let written = 0
  let dropped = 0

  return (entry) => {
    const at = now()
    if (at - windowStart >= budget.perMs) {
      if (dropped > 0)
        options.log.warn(`[renderer] ${dropped} more log lines were dropped (too many at once)`)
      windowStart = at
      written = 0
      dropped = 0
    }
    if (written >= budget.entries) {
      dropped += 1
      return
    }
    written += 1
    options.log[entry.level](`[renderer] ${entry.message}`)
  }
}
