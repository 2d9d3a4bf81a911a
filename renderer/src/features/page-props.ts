import type { DeviceInfo, LastKnownUser } from '../../../electron/shared/contract'
import type { ConvexAuthVerdict } from '../backend/convex-auth-verdict'

/** Why the shell shows cached data (the session machine's reasons; session/session-machine.ts decides). */
export type OfflineReason = 'connecting' | 'browser-offline' | 'sign-in-unreachable' | 'server-unreachable'

/**
 * The session state that decided what the window shows, for Diagnostics and its report (developer detail, not
 * for the pages' words).
 */
export interface SessionStatus {
  phase: 'live' | 'offline' | 'server-refused'
  offlineReason: OfflineReason | null
  /** Convex's latest answer to a token, or null before it answered in this run. */
  convexVerdict: ConvexAuthVerdict | null
  /** Clerk's Frontend API answered in this run (and nothing has failed since). */
  clerkApiReached: boolean
  /** When the cached user was last confirmed online, or null without a cache. */
  cacheConfirmedAt: number | null
}

/**
 * What the signed-in shell hands every page. `live` means Clerk and Convex have confirmed the session and
 * server data is flowing; `offline` means the shell is showing what was last synced.
 */
export interface SessionView {
  mode: 'live' | 'offline'
  /** False while offline: actions that need the server must be disabled, with `offlineReason` shown. */
  canUseServer: boolean
  offlineReason: string | null
  lastKnownUser: LastKnownUser | null
  device: DeviceInfo | null
  status: SessionStatus
}

export interface PageProps {
  session: SessionView
}
