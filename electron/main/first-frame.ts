// The window's startup snapshot: what its first frame needs (appearance, window layout, the last user's display
// fields), kept in memory and handed to the document request by the protocol handler (renderer-protocol.ts), so
// the signed-in frame paints from HTML and CSS before any script runs. The markup is electron/shared/first-frame.ts.
//
// Only the display fields (name, email for the initials, when last online) ever leave the encrypted cache, and
// only into our own window's document. The snapshot is neutral (no user data) with no cache, an expired one, a
// sign-out pending from an earlier run, while the first read is still unanswered, or from the moment a
// sign-out starts: the next document must never show the previous user.
import type { AppearanceMode, DevicePlatform, LastKnownUserRead } from '../shared/contract'
import {
  DEFAULT_FIRST_FRAME_LAYOUT,
  type FirstFrameInput,
  type FirstFrameLayout,
  type FirstFrameUser,
} from '../shared/first-frame'
import { MAX_OFFLINE_AGE_MS } from '../shared/rules/limits'
import { withTimeout } from '../shared/with-timeout'
import type { LastKnownUserChange } from './last-known-user'

export interface FirstFrameOptions {
  /** The encrypted cache's read (last-known-user.ts). */
  readCache: () => Promise<LastKnownUserRead>
  /** A sign-out an earlier run could not finish (keychain-storage.ts): until it is done nobody is signed in. */
  hasPendingSignOut: () => Promise<boolean>
  appearance: () => AppearanceMode
  /** The OS, for `<html data-platform>` (its fonts) in the document itself. */
  platform: DevicePlatform
  /** The remembered window layout; expanded sidebar when nothing is remembered. */
  layout?: () => FirstFrameLayout
  now?: () => number
  maxAgeMs?: number
  /**
   * How long a document request waits for the first cache read. The read is a file and one keychain call (a
   * few ms); a keychain stuck on an unlock prompt must cost the window no more than this, and then it paints the
   * neutral frame (the renderer makes the same trade, main.tsx CACHE_WAIT_MS).
   */
  waitMs?: number
  log?: { warn(message: string): void }
}

export interface FirstFrame {
  /** Starts the first cache read (idempotent): call it as early as possible, before the window exists. */
  load(): void
  /** Feed of the cache's changes (`LastKnownUserStore.onChange`). */
  onCacheChange(change: LastKnownUserChange): void
  /** What the document for `pathname` paints first. */
  inputFor(pathname: string): Promise<FirstFrameInput>
}

function displayFields(user: {
  profile: { name?: string; email?: string }
  confirmedOnlineAt: number
}): FirstFrameUser {
  return { name: user.profile.name, email: user.profile.email, confirmedOnlineAt: user.confirmedOnlineAt }
}

export function createFirstFrame(options: FirstFrameOptions): FirstFrame {
  const now = options.now ?? Date.now
  const maxAgeMs = options.maxAgeMs ?? MAX_OFFLINE_AGE_MS
  const waitMs = options.waitMs ?? 150
  const layout = options.layout ?? (() => DEFAULT_FIRST_FRAME_LAYOUT)
  let user: FirstFrameUser | null = null
  // Bumped by every change: a read that started before a write or a sign-out must not overwrite what they said.
  let generation = 0
  let loaded: Promise<void> | null = null

  async function readOnce(): Promise<void> {
    const startedAt = generation
    try {
      const [pending, read] = await Promise.all([options.hasPendingSignOut(), options.readCache()])
      if (generation !== startedAt) return
      user = !pending && read.status === 'valid' ? displayFields(read.user) : null
    } catch (error) {
      options.log?.warn(`First frame without the cached user: ${String(error)}`)
    }
  }

  // A layout that cannot be read (a window going away mid-request) costs the frame its layout, not the user.
  function currentLayout(): FirstFrameLayout {
    try {
      return layout()
    } catch (error) {
      options.log?.warn(`First frame with the default layout: ${String(error)}`)
      return DEFAULT_FIRST_FRAME_LAYOUT
    }
  }

  function load(): void {
    loaded ??= readOnce()
  }

  return {
    load,
    onCacheChange(change) {
      generation++
      user = change.kind === 'written' ? displayFields(change.user) : null
    },
    async inputFor(pathname) {
      load()
      await withTimeout(loaded!, waitMs, 'The first frame’s cache read').catch(() => undefined)
      const appearance = options.appearance()
      const platform = options.platform
      const at = now()
      // Checked at every document, not only at the read: a window reloaded after 30 days offline is neutral too.
      if (!user || at - user.confirmedOnlineAt > maxAgeMs) return { kind: 'neutral', appearance, platform }
      return { kind: 'signed-in', user, appearance, platform, layout: currentLayout(), pathname, now: at }
    },
  }
}
