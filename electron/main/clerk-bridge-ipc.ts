// @clerk/electron's bridge registers its own IPC handlers (`clerk:token-cache:*`, `clerk:oauth-transport:*`)
// on Electron's `ipcMain`. It checks that a call comes from a window's main frame but not which window or which
// origin, and its OAuth transport hands any http(s) URL to the system browser (loopback, userinfo, plain http).
// The SDK takes no `ipcMain` of its own, but it looks `ipcMain.handle` up at each registration: while the bridge
// is created, `handle` is swapped for one that wraps every handler behind our rules, then put back. The rules are
// those of our own IPC (ipc.ts: our main window's main frame, on our origin) and of `shell:open-external`
// (security.ts `vetExternalUrl`) for the URL the OAuth transport opens.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { checkSender, type TrustedRenderer } from './ipc'
import type { ExternalUrl } from './security'

export const CLERK_OAUTH_OPEN_CHANNEL = 'clerk:oauth-transport:open'

export interface ClerkIpcGuardOptions {
  ipcMain: Pick<IpcMain, 'handle'>
  trusted: TrustedRenderer
  vetExternalUrl: (url: unknown) => ExternalUrl
  log: { warn: (message: string) => void }
}

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

export class ClerkIpcRefusedError extends Error {
  constructor(channel: string, reason: string) {
    super(`IPC ${channel} rejected: ${reason}`)
    this.name = 'ClerkIpcRefusedError'
  }
}

function guard(channel: string, handler: Handler, options: ClerkIpcGuardOptions): Handler {
  return (event, ...args) => {
    const sender = checkSender(event, options.trusted)
    if (!sender.ok) {
      options.log.warn(`IPC ${channel} refused: ${sender.reason}`)
      throw new ClerkIpcRefusedError(channel, 'untrusted sender')
    }
    if (channel === CLERK_OAUTH_OPEN_CHANNEL) {
      const vetted = options.vetExternalUrl(args[0])
      if (!vetted.ok) {
        options.log.warn(`IPC ${channel} refused: ${vetted.reason}`)
        throw new ClerkIpcRefusedError(channel, vetted.reason)
      }
      // The canonical URL that was vetted is what opens, not the renderer's spelling of it.
      return handler(event, vetted.url, ...args.slice(1))
    }
    return handler(event, ...args)
  }
}

/**
 * Runs `register` (the bridge's creation) with every `ipcMain.handle` registration it makes guarded. Returns
 * what `register` returns and the channels it registered, so the caller (and the tests) can see that nothing
 * slipped past. Channels are guarded whatever their name: the bridge owns no channel a stranger may call.
 */
export function withGuardedClerkIpc<T>(
  options: ClerkIpcGuardOptions,
  register: () => T,
): { result: T; channels: string[] } {
  const { ipcMain } = options
  // Electron's `handle` is a method of ipcMain's class: shadow it on the instance, then remove the shadow.
  const hadOwn = Object.hasOwn(ipcMain, 'handle')
  const original = ipcMain.handle
  const channels: string[] = []
  const guardedHandle = (channel: string, handler: Handler): void => {
    channels.push(channel)
    original.call(ipcMain, channel, guard(channel, handler, options))
  }
  ipcMain.handle = guardedHandle as IpcMain['handle']
  try {
    return { result: register(), channels }
  } finally {
    if (hadOwn) ipcMain.handle = original
    else delete (ipcMain as { handle?: unknown }).handle
  }
}
