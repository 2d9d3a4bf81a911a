// What the shell and its pages see of the session machine, and the words for each state. Pure.
import { MAX_OFFLINE_AGE_DAYS } from '../../../electron/shared/rules/limits'
import type { DeviceInfo } from '../../../electron/shared/contract'
import type { SessionStatus, SessionView } from '../features/page-props'
import { SERVER_REFUSED_HEADLINE } from '../shell/ServerRefusedBanner'
import { formatDateTime } from '../ui/format-time'
import type { OfflineReason, RemoteSignOut, SessionNotice, SessionState } from './session-machine'

// Why server actions are off, in one short sentence each. "Showing what was last synced" is not repeated here:
// the pages' own mark says it, next to the data, with its age.
const OFFLINE_REASON: Record<OfflineReason, string> = {
  connecting: 'Harbor is still connecting.',
  'browser-offline': 'You are offline.',
  'sign-in-unreachable': 'Harbor can’t reach the sign-in service.',
  'server-unreachable': 'Harbor can’t reach its server.',
}

/** Pages read this as the reason server actions are off while the server refuses the sign-in. */
export const SERVER_REFUSED_REASON = SERVER_REFUSED_HEADLINE

export function offlineReasonText(reason: OfflineReason): string {
  return OFFLINE_REASON[reason]
}

export function noticeText(
  notice: SessionNotice,
  maxOfflineDays = MAX_OFFLINE_AGE_DAYS,
  remoteSignOut: RemoteSignOut | null = null,
): string | null {
  switch (notice) {
    case 'signed-out-remotely':
      return remoteSignOut
        ? `This computer was signed out from ${remoteSignOut.byDeviceName} on ${formatDateTime(remoteSignOut.at)}. ` +
            'Its saved sign-in and offline data were removed. Sign in again to use Harbor here.'
        : 'This computer was signed out from another device. Sign in again to use Harbor here.'
    case 'cache-expired':
      return `You have not been online for more than ${maxOfflineDays} days. Sign in again to continue.`
    case 'cache-discarded':
      return 'The saved session on this computer could not be read and was removed. Sign in again.'
    case 'session-ended':
      return 'Your session has ended. Sign in again to continue.'
    case 'signed-out-offline':
    case 'signed-out':
      return signedOutText(notice)
    case 'sign-out-incomplete':
      return 'Harbor could not finish signing you out: the system keychain and the disk did not respond. You may be signed in again the next time Harbor starts; if so, sign out again. Diagnostics has the details.'
    case null:
      return null
  }
}

/** The signed-out screen's message after a sign-out the user asked for; null for every other notice. */
export function signedOutText(notice: SessionNotice): string | null {
  switch (notice) {
    case 'signed-out':
      return 'Your sign-in was removed from this computer.'
    case 'signed-out-offline':
      // Offline, only the local half could be done; the server's half ends by itself (its token expires).
      return 'Your sign-in and saved data were removed from this computer. You were offline, so the server ends that session by itself shortly.'
    default:
      return null
  }
}

/** Only the signed-in phases have a view; everything else renders a full-window screen. */
function statusOf(state: SessionState, phase: SessionStatus['phase']): SessionStatus {
  return {
    phase,
    offlineReason: state.phase.name === 'offline' ? state.phase.reason : null,
    convexVerdict: state.convexAuth?.verdict ?? null,
    clerkApiReached: state.network.clerkApiReached,
    cacheConfirmedAt: state.cache?.confirmedOnlineAt ?? null,
  }
}

export function toSessionView(state: SessionState, device: DeviceInfo | null): SessionView | null {
  const { phase } = state
  if (phase.name === 'live') {
    return {
      mode: 'live',
      canUseServer: true,
      offlineReason: null,
      lastKnownUser: phase.user,
      device,
      status: statusOf(state, 'live'),
    }
  }
  if (phase.name === 'offline') {
    return {
      mode: 'offline',
      canUseServer: false,
      offlineReason: offlineReasonText(phase.reason),
      lastKnownUser: phase.user,
      device,
      status: statusOf(state, 'offline'),
    }
  }
  if (phase.name === 'server-refused') {
    // The cached data stays on screen and server actions stay off, as offline, but with the true reason.
    return {
      mode: 'offline',
      canUseServer: false,
      offlineReason: SERVER_REFUSED_REASON,
      lastKnownUser: phase.user,
      device,
      status: statusOf(state, 'server-refused'),
    }
  }
  return null
}
