// What happens when the window's renderer process dies (a GPU driver fault, out of memory, a crash in Chromium):
// the first time, the window reloads at once and the page tells the user it was restarted; if it dies again
// before it has run healthily for a while, the reloaded page shows the crash screen with a report to copy
// instead of the app, so a renderer that crashes on start cannot loop forever. The notice is handed to the page
// once, when it asks; a reload by the user afterwards starts normally.
import type { RenderProcessGoneDetails } from 'electron'
import type { RecoveryNotice } from '../shared/contract'

// A renderer that ran this long since its last crash counts as healthy: the next crash is a first crash again.
export const HEALTHY_AFTER_MS = 10 * 60_000

export interface RendererRecovery {
  /** Wire to `webContents.on('render-process-gone', (_event, details) => ...)`. */
  onGone(details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>): void
  /** The notice for the page that is loading now, once; null when there was no crash. */
  takeNotice(): RecoveryNotice | null
}

export function createRendererRecovery(options: {
  reload: () => void
  log: { error: (message: string) => void }
  now?: () => number
}): RendererRecovery {
  const now = options.now ?? Date.now
  let lastCrashAt: number | null = null
  let crashesInARow = 0
  let notice: RecoveryNotice | null = null

  return {
    onGone(details) {
      // Electron reports a renderer that exited on purpose (window closing, app quitting) as `clean-exit`.
      if (details.reason === 'clean-exit') return
      const at = now()
      crashesInARow = lastCrashAt !== null && at - lastCrashAt < HEALTHY_AFTER_MS ? crashesInARow + 1 : 1
      lastCrashAt = at
      const reason = `${details.reason} (exit code ${details.exitCode})`
      options.log.error(`The window's renderer stopped: ${reason}; crash ${crashesInARow} in a row`)
      notice = { kind: crashesInARow === 1 ? 'restarted' : 'crashed-again', reason, at }
      options.reload()
    },
    takeNotice() {
      const taken = notice
      notice = null
      return taken
    },
  }
}
