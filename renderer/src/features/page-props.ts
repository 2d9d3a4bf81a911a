import type { DeviceInfo, LastKnownUser } from '../../../electron/shared/contract'

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
}

export interface PageProps {
  session: SessionView
}
