// What happens when the window's renderer process dies (a GPU driver fault, the OOM killer, a crash in
// Chromium): Electron keeps the window but nothing repaints it. The first time, the window reloads where the
// user was and the page says, once and quietly, that it was restarted. If it dies again before it has run
// healthily for a while, the reloaded page shows the crash screen (Reload, Copy report) instead of the app.
// A renderer that keeps dying even then (a fault hit by every page) must not reload forever: after
// MAX_CRASHES_IN_A_ROW the window shows a static page, with no script that could crash it again. The notice is
// handed to the page once, when it asks; a reload by the user afterwards starts normally.
import type { RenderProcessGoneDetails } from 'electron'
import type { RecoveryNotice } from '../shared/contract'

// A renderer that ran this long since its last crash counts as healthy: the next crash is a first crash again.
export const HEALTHY_AFTER_MS = 10 * 60_000
export const MAX_CRASHES_IN_A_ROW = 3

export interface RendererRecovery {
  /** Wire to `webContents.on('render-process-gone', (_event, details) => ...)`. */
  onGone(details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>): void
  /** The notice for the page that is loading now, once; null when there was no crash. */
  takeNotice(): RecoveryNotice | null
}

export function createRendererRecovery(options: {
  reload: () => void
  /** Shows RENDERER_GAVE_UP_PAGE. */
  giveUp: () => void
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
      const reason =
        typeof details.exitCode === 'number' ? `${details.reason} (exit code ${details.exitCode})` : details.reason
      if (crashesInARow > MAX_CRASHES_IN_A_ROW) {
        options.log.error(
          `The window's renderer stopped: ${reason}; crash ${crashesInARow} in a row, not reloading`,
        )
        notice = null
        options.giveUp()
        return
      }
      options.log.error(
        `The window's renderer stopped: ${reason}; crash ${crashesInARow} in a row, reloading`,
      )
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

/** What the window shows once it stopped reloading: static, no script, no network. */
export const RENDERER_GAVE_UP_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbor</title>' +
  '<style>body{font:15px system-ui,sans-serif;margin:15vh auto;max-width:32em;padding:0 1em;color-scheme:light dark}</style>' +
  '</head><body><h1>Harbor’s window stopped working</h1>' +
  '<p>It closed unexpectedly several times in a row. Quit Harbor and open it again. If this keeps happening, ' +
  'Help → Open Logs Folder has the log that says what went wrong.</p></body></html>'
