// What a person reads when a request to the main process fails. The main process answers a failed handler with
// "<channel> failed" and a refused one with "IPC <channel> rejected: <reason>" (electron/main/ipc.ts), and
// Electron prefixes both with "Error invoking remote method '<channel>': ": developer words. Each action gets one
// sentence instead. Pure: callers log the raw error (the console reaches main.log through lib/forward-console.ts,
// next to the main process's own detail).
import type { InvokeChannel } from '../../../electron/shared/contract'

const WHAT_FAILED: Partial<Record<InvokeChannel, string>> = {
  'updates:get': 'Harbor could not read its update settings.',
  'updates:set-channel': 'Harbor could not switch the update channel.',
  'updates:check': 'Harbor could not check for updates.',
  'updates:install': 'Harbor could not restart to install the update.',
  'updates:later': 'Harbor could not put the update off.',
  'appearance:set': 'Harbor could not save this choice.',
  'shell:open-external': 'Harbor could not open the link in your browser.',
}

const REFUSED = /\bIPC [a-z-]+:[a-z-]+ rejected\b/
const UNKNOWN_WHAT = 'Harbor could not complete this.'

/** One plain sentence for a failed `window.desktop` call; the detail is for the log, never shown. */
export function describeIpcFailure(channel: InvokeChannel, error: unknown): string {
  const what = WHAT_FAILED[channel] ?? UNKNOWN_WHAT
  const raw = error instanceof Error ? error.message : String(error)
  return REFUSED.test(raw)
    ? `${what} The app refused the request; restart Harbor and try again.`
    : `${what} Try again; if it keeps failing, Help → Open Logs Folder has the details.`
}
