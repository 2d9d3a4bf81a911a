// A window whose renderer process died (a crash, the OOM killer, a GPU reset) stays blank in Electron: nothing
// repaints it. Reload it, so the user is back where they were; but a renderer that dies again and again (a bug
// hit at start-up) must not reload forever, so after a few crashes in a short time the window shows a plain
// explanation instead.
export interface RendererRecoveryOptions {
  reload: () => void
  /** Shows the "stopped working" page. */
  giveUp: () => void
  log: { warn: (message: string) => void; error: (message: string) => void }
  now?: () => number
  /** Reloads allowed within `periodMs`; the next crash in that period gives up. */
  maxReloads?: number
  periodMs?: number
}

export const RENDERER_RELOADS = 3
export const RENDERER_RELOAD_PERIOD_MS = 60_000

/** Handler for `webContents` `render-process-gone` details. */
export function createRendererRecovery(
  options: RendererRecoveryOptions,
): (details: { reason: string }) => void {
  const maxReloads = options.maxReloads ?? RENDERER_RELOADS
  const periodMs = options.periodMs ?? RENDERER_RELOAD_PERIOD_MS
  const now = options.now ?? Date.now
  const reloads: number[] = []
  let gaveUp = false
  return ({ reason }) => {
    // A clean exit is the window closing, not a failure.
    if (reason === 'clean-exit' || gaveUp) return
    const at = now()
    while (reloads.length > 0 && at - (reloads[0] ?? 0) > periodMs) reloads.shift()
    if (reloads.length >= maxReloads) {
      gaveUp = true
      options.log.error(
        `Window renderer process gone (${reason}) ${reloads.length + 1} times within ${periodMs / 1000} s; not reloading`,
      )
      options.giveUp()
      return
    }
    reloads.push(at)
    options.log.warn(`Window renderer process gone (${reason}); reloading`)
    options.reload()
  }
}

/** What the window shows once it stopped reloading: static, no script, no network. */
export const RENDERER_GAVE_UP_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbor</title>' +
  '<style>body{font:15px system-ui,sans-serif;margin:15vh auto;max-width:32em;padding:0 1em;color-scheme:light dark}</style>' +
  '</head><body><h1>Harbor’s window stopped working</h1>' +
  '<p>It closed unexpectedly several times in a row. Quit Harbor and open it again. If this keeps happening, ' +
  'the log file in Harbor’s folder says what went wrong.</p></body></html>'
