// The cached last known user, as main.tsx asks for it before anything else. A read that fails in any way (no
// preload, a throwing or rejecting IPC call, a keychain error the main process did not turn into an answer)
// counts as "no cache": the user signs in online, exactly as on a first start, instead of the window crashing
// or waiting. The failure is a console warning, which lib/forward-console.ts sends to main.log.
import type { DesktopApi, LastKnownUserRead } from '../../../electron/shared/contract'

const NONE: LastKnownUserRead = { status: 'none' }

export function readLastKnownUser(desktop: Pick<DesktopApi, 'lastUser'> | null): Promise<LastKnownUserRead> {
  if (!desktop) return Promise.resolve(NONE)
  let read: Promise<LastKnownUserRead>
  try {
    read = desktop.lastUser.read()
  } catch (error) {
    read = Promise.reject(error instanceof Error ? error : new Error(String(error)))
  }
  return Promise.resolve(read).catch((error: unknown) => {
    console.warn('Could not read the cached user; starting as without one', error)
    return NONE
  })
}

let first: Promise<LastKnownUserRead> | null = null

/** The page's one read at start, shared by the early start (early.ts, the entry's first import) and the rest of
 * the entry (main.tsx): the keychain is asked once. */
export function firstCacheRead(desktop: Pick<DesktopApi, 'lastUser'> | null): Promise<LastKnownUserRead> {
  first ??= readLastKnownUser(desktop)
  return first
}
